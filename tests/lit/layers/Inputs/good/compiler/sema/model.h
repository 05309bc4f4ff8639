#include "compiler/diag/diagnostic.h"
