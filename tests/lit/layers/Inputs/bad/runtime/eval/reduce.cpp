#include "runtime/eval/reduce.h"
#include <ctime>
#include <cstdlib>
const char *debug = std::getenv("DEBUG");
