#include "runtime/eval/verify.h"
