#include "compiler/sema/model.h"
