#include "compiler/sema/nosuch.h"
#include "runtime/state/state.h"

#include <gtest/gtest.h>
