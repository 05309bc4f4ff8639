#include "runtime/eval/reduce.h"
