#include "core/io/csv.h"

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/json.h"

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

}  // namespace

std::string to_csv(const std::vector<std::string>& header, const std::vector<CsvRow>& rows) {
  std::string out;
  for (size_t i = 0; i < header.size(); ++i) {
    if (i) out += ',';
    append_field(out, header[i]);
  }
  out += '\n';
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
  std::string text;
  try {
    text = to_csv(header, rows);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
  write_file_atomic(path, text);
}

}  // namespace ll::io
