#include "compiler/sema/date.h"

#include <llvm/ADT/StringExtras.h>

namespace cutover::sema {
namespace {

bool isLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

} // namespace

bool isDate(llvm::StringRef text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  unsigned year = 0, month = 0, day = 0;
  for (size_t i = 0; i < text.size(); ++i)
    if (i != 4 && i != 7 && !llvm::isDigit(text[i])) return false;
  text.substr(0, 4).getAsInteger(10, year);
  text.substr(5, 2).getAsInteger(10, month);
  text.substr(8, 2).getAsInteger(10, day);
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  unsigned days = kDays[month - 1] + (month == 2 && isLeapYear(static_cast<int>(year)) ? 1 : 0);
  return day <= days;
}

} // namespace cutover::sema
