#pragma once
// Metrics tables for spreadsheets and pandas: a header row, then one row per record.
#include <string>
#include <variant>
#include <vector>

namespace ll::io {

// A number is written like the JSON writer writes it (exact integers, else 9 significant
// digits, "nan"/"inf"/"-inf" which pandas and spreadsheets read back); a string is quoted per
// RFC 4180 when it holds a comma, a double quote, CR or LF (quotes doubled inside).
using CsvCell = std::variant<double, std::string>;
using CsvRow = std::vector<CsvCell>;

// The whole table as text. Lines end in "\n", not RFC 4180's "\r\n": every reader we target
// accepts both, and line-oriented shell tools would otherwise see a stray '\r' in the last
// column. Throws ll::Error when a row's length differs from the header's.
std::string to_csv(const std::vector<std::string>& header, const std::vector<CsvRow>& rows);

// to_csv, written atomically (see atomic_file.h); errors name the path.
void write_csv(const std::string& path, const std::vector<std::string>& header,
               const std::vector<CsvRow>& rows);

// The same text for a table of numbers only, given row after row in one buffer: no cell
// object per number, since a CsvRow cell per code of a large export costs tens of bytes where
// the number is eight, at the end of training when memory peaks. Throws ll::Error when the count of numbers is
// not a multiple of the header's length.
std::string to_csv_numbers(const std::vector<std::string>& header, const std::vector<double>& numbers);
void write_csv_numbers(const std::string& path, const std::vector<std::string>& header,
                       const std::vector<double>& numbers);

}  // namespace ll::io
