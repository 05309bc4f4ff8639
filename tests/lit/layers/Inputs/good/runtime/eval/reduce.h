#include "runtime/state/state.h"
