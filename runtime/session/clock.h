// The one place cutover reads the clock: the session asks it for today's date
// when --today is not given, and hands the date to verification, which never
// reads the clock itself (so a verification is a function of its inputs).
#pragma once

#include <string>

namespace cutover::session {

// Today's date in UTC as "YYYY-MM-DD".
std::string todayUtc();

} // namespace cutover::session
