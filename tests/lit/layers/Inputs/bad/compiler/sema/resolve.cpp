#include "compiler/sema/resolve.h"
