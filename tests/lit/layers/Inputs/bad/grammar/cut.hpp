#include "compiler/diag/diagnostic.h"
#include <tao/pegtl.hpp>
