#include "runtime/state/state.h"

#include <gtest/gtest.h>
