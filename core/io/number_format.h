#pragma once
// One spelling of a number for every text file we write (the CSV metrics, the JSON lines and
// headers), so they agree on digits.
#include <string>

namespace ll::io {

// Integral values with |x| < 2^53 print every digit and no exponent ("42", "-0"), so step
// counts and byte offsets stay exact and readable; others print 9 significant digits, enough to
// round-trip any float. Locale-independent (always '.'); non-finite values give "nan", "inf",
// "-inf".
std::string format_number(double x);

}  // namespace ll::io
