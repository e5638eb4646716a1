#include "core/io/safetensors.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <limits>

#include "core/error.h"
#include "core/io/atomic_file.h"
#include "core/io/safetensors_header.h"

namespace ll::io {

const Tensor* TensorFile::find(std::string_view name) const {
  for (const Tensor& t : tensors)
    if (t.name == name) return &t;
  return nullptr;
}

namespace {

static_assert(sizeof(float) == 4 && std::numeric_limits<float>::is_iec559,
              "safetensors F32 is IEEE-754 binary32");

uint64_t read_u64_le(const unsigned char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// Checks the 8-byte prefix against the file size; returns the header length.
uint64_t check_header_length(const std::string& file, const unsigned char* prefix, uint64_t file_size) {
  uint64_t n = read_u64_le(prefix);
  if (n > file_size - 8) {
    throw Error(file + ": header length " + std::to_string(n) + " at offset 0 exceeds the file size " +
                std::to_string(file_size) + " less the 8-byte length field");
  }
  if (n > kMaxSafetensorsHeader) {
    throw Error(file + ": header length " + std::to_string(n) + " at offset 0 exceeds the limit of " +
                std::to_string(kMaxSafetensorsHeader) + " bytes");
  }
  return n;
}

void check_min_size(const std::string& file, uint64_t file_size) {
  if (file_size < 8) {
    throw Error(file + ": file is " + std::to_string(file_size) +
                " bytes, expected at least 8 (the little-endian u64 header length)");
  }
}

// Stored little-endian; a big-endian host swaps in place after reading or before writing.
void swap_if_big_endian(float* data, size_t count) {
  if constexpr (std::endian::native == std::endian::big) {
    for (size_t i = 0; i < count; ++i) {
      uint32_t u;
      std::memcpy(&u, &data[i], 4);
      u = __builtin_bswap32(u);
      std::memcpy(&data[i], &u, 4);
    }
  } else {
    (void)data;
    (void)count;
  }
}


std::string length_prefix(uint64_t n) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[size_t(i)] = char((n >> (8 * i)) & 0xFF);
  return s;
}

template <typename Sink>
void write_tensor_data(const Tensor& t, Sink&& sink) {
  if constexpr (std::endian::native == std::endian::little) {
    sink(t.data.data(), t.data.size() * 4);
  } else {
    std::vector<float> swapped = t.data;
    swap_if_big_endian(swapped.data(), swapped.size());
    sink(swapped.data(), swapped.size() * 4);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading from a file

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

void read_exact(const std::string& file, int fd, void* dst, uint64_t size, uint64_t offset) {
  char* p = static_cast<char*>(dst);
  uint64_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, p + done, size_t(std::min<uint64_t>(size - done, 1u << 30)),
                        off_t(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      throw Error(file + ": cannot read " + std::to_string(size) + " bytes at offset " +
                  std::to_string(offset) + ": " + std::strerror(err));
    }
    if (n == 0) {
      throw Error(file + ": unexpected end of file at offset " + std::to_string(offset + done) +
                  " (was it truncated while being read?)");
    }
    done += uint64_t(n);
  }
}

}  // namespace

std::string serialize_safetensors(const TensorFile& file, const std::string& name) {
  std::string header = build_safetensors_header(name, file);
  std::string out = length_prefix(header.size()) + header;
  for (const Tensor& t : file.tensors)
    write_tensor_data(t, [&](const void* p, size_t n) { out.append(static_cast<const char*>(p), n); });
  return out;
}

void save_safetensors(const std::string& path, const TensorFile& file) {
  // Everything that can be wrong with the tensors is found before the temporary file exists.
  std::string header = build_safetensors_header(path, file);
  AtomicFile out(path);
  out.write(length_prefix(header.size()));
  out.write(header);
  for (const Tensor& t : file.tensors)
    write_tensor_data(t, [&](const void* p, size_t n) { out.write(p, n); });
  out.commit();
}

TensorFile parse_safetensors(std::string_view bytes, const std::string& name) {
  check_min_size(name, bytes.size());
  uint64_t n = check_header_length(name, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string_view buffer = bytes.substr(8 + n);
  SafetensorsLayout layout = parse_safetensors_header(name, bytes.substr(8, n), buffer.size());
  TensorFile out;
  out.metadata = std::move(layout.metadata);
  for (SafetensorsEntry& e : layout.entries) {
    Tensor t{std::move(e.name), std::move(e.shape), std::vector<float>(e.count)};
    if (e.count) std::memcpy(t.data.data(), buffer.data() + e.begin, e.count * 4);
    swap_if_big_endian(t.data.data(), t.data.size());
    out.tensors.push_back(std::move(t));
  }
  return out;
}

TensorFile load_safetensors(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    int err = errno;
    throw Error(path + ": cannot open: " + std::strerror(err));
  }
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) {
    int err = errno;
    throw Error(path + ": cannot stat: " + std::strerror(err));
  }
  if (!S_ISREG(st.st_mode)) throw Error(path + ": not a regular file, expected a safetensors file");
  uint64_t file_size = uint64_t(st.st_size);

  check_min_size(path, file_size);
  unsigned char prefix[8];
  read_exact(path, fd.get(), prefix, 8, 0);
  uint64_t n = check_header_length(path, prefix, file_size);
  std::string header(size_t(n), '\0');
  read_exact(path, fd.get(), header.data(), n, 8);
  uint64_t buffer_offset = 8 + n;
  SafetensorsLayout layout = parse_safetensors_header(path, header, file_size - buffer_offset);

  // Only now, with every size proven to lie inside the file, is any tensor memory allocated.
  TensorFile out;
  out.metadata = std::move(layout.metadata);
  for (SafetensorsEntry& e : layout.entries) {
    Tensor t{std::move(e.name), std::move(e.shape), std::vector<float>(e.count)};
    read_exact(path, fd.get(), t.data.data(), e.count * 4, buffer_offset + e.begin);
    swap_if_big_endian(t.data.data(), t.data.size());
    out.tensors.push_back(std::move(t));
  }
  return out;
}

}  // namespace ll::io
