#include "core/io/csv.h"

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/number_format.h"

namespace ll::io {
namespace {

void append_field(std::string& out, const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_cell(std::string& out, const CsvCell& cell) {
  if (const double* x = std::get_if<double>(&cell)) {
    out += format_number(*x);
  } else {
    append_field(out, std::get<std::string>(cell));
  }
}

void append_header(std::string& out, const std::vector<std::string>& header) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (i) out += ',';
    append_field(out, header[i]);
  }
  out += '\n';
}

// Writes the table with to_table (errors name the path), atomically.
template <class F>
void write_table(const std::string& path, F&& to_table) {
  std::string text;
  try {
    text = to_table();
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  write_file_atomic(path, text);
}

}  // namespace

std::string to_csv(const std::vector<std::string>& header, const std::vector<CsvRow>& rows) {
  std::string out;
  append_header(out, header);
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != header.size()) {
      throw Error("CSV row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) +
                  " cells, expected " + std::to_string(header.size()) + " to match the header");
    }
    for (size_t i = 0; i < rows[r].size(); ++i) {
      if (i) out += ',';
      append_cell(out, rows[r][i]);
    }
    out += '\n';
  }
  return out;
}

void write_csv(const std::string& path, const std::vector<std::string>& header,
               const std::vector<CsvRow>& rows) {
  write_table(path, [&] { return to_csv(header, rows); });
}

std::string to_csv_numbers(const std::vector<std::string>& header, const std::vector<double>& numbers) {
  const size_t cols = header.size();
  if (cols == 0 ? !numbers.empty() : numbers.size() % cols != 0) {
    throw Error("CSV table has " + std::to_string(numbers.size()) + " numbers, expected a multiple of the header's " +
                std::to_string(cols) + " columns");
  }
  std::string out;
  out.reserve(numbers.size() * 12);  // a number is ~10 characters and a separator
  append_header(out, header);
  for (size_t i = 0; i < numbers.size(); ++i) {
    out += format_number(numbers[i]);
    out += (i + 1) % cols ? ',' : '\n';
  }
  return out;
}

void write_csv_numbers(const std::string& path, const std::vector<std::string>& header,
                       const std::vector<double>& numbers) {
  write_table(path, [&] { return to_csv_numbers(header, numbers); });
}

}  // namespace ll::io
