#include "core/io/checkpoint.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/error.h"
#include "core/io/safetensors.h"

namespace ll {

namespace {

constexpr const char* kFormat = "latentlab-vae/1";

std::string shape_str(const std::vector<int64_t>& s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

std::string fmt(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// Reads one metadata field, naming the file and the field on any problem.
class Meta {
 public:
  Meta(const io::TensorFile& f, const std::string& path) : f_(f), path_(path) {}

  const std::string& str(const std::string& key) const {
    auto it = f_.metadata.find(key);
    if (it == f_.metadata.end())
      throw Error(path_ + ": metadata field '" + key + "' missing (expected a LatentLab checkpoint, " +
                  "see the README's checkpoint section)");
    return it->second;
  }
  std::string str_or(const std::string& key, const std::string& fallback) const {
    auto it = f_.metadata.find(key);
    return it == f_.metadata.end() ? fallback : it->second;
  }
  int64_t integer(const std::string& key, int64_t lo, int64_t hi) const {
    const std::string& s = str(key);
    int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi)
      throw Error(path_ + ": metadata field '" + key + "' is '" + s + "', expected a whole number in " +
                  std::to_string(lo) + ".." + std::to_string(hi));
    return v;
  }
  // [lo, hi] keeps the later cast to int or float defined: a hostile "1e300" must not reach
  // int64_t(double), which is undefined behaviour.
  double number(const std::string& key, double fallback, double lo, double hi) const {
    auto it = f_.metadata.find(key);
    if (it == f_.metadata.end()) return fallback;
    char* end = nullptr;
    const double v = std::strtod(it->second.c_str(), &end);
    if (end == it->second.c_str() || *end != '\0' || !std::isfinite(v) || v < lo || v > hi)
      throw Error(path_ + ": metadata field '" + key + "' is '" + it->second +
                  "', expected a number in " + fmt(lo) + ".." + fmt(hi));
    return v;
  }
  template <class F>
  auto parsed(const std::string& key, F parse) const {
    try {
      return parse(str(key));
    } catch (const Error& e) {
      throw Error(path_ + ": metadata field '" + key + "': " + e.what());
    }
  }

 private:
  const io::TensorFile& f_;
  const std::string& path_;
};

}  // namespace

void save_checkpoint(const std::string& path, const Model& m, const AdamState* adam,
                     const CheckpointInfo& info) {
  const ModelConfig& c = m.config();
  io::TensorFile f;
  f.metadata = {
      {"format", kFormat},
      {"kind", std::string(to_string(c.kind))},
      {"input_dim", std::to_string(c.input_dim)},
      {"input_shape", std::to_string(info.height) + "," + std::to_string(info.width) + "," +
                          std::to_string(info.channels)},
      {"hidden", format_int_list(c.hidden)},
      {"latent", std::to_string(c.latent)},
      {"activation", std::string(to_string(c.activation))},
      {"likelihood", std::string(to_string(c.likelihood))},
      {"learn_variance", c.learn_variance ? "true" : "false"},
      {"gaussian_logvar", fmt(c.gaussian_logvar)},
      {"data", info.data},
      {"step", std::to_string(info.step)},
      {"epoch", fmt(info.epoch)},
      {"beta", fmt(info.beta)},
      {"lr", fmt(info.lr)},
      {"batch", std::to_string(info.batch)},
      {"seed", std::to_string(info.seed)},
  };
  const std::vector<ParamTensor> tensors = m.tensors();
  auto add = [&](const std::string& prefix, const FloatBuffer& buf) {
    for (const ParamTensor& t : tensors)
      f.tensors.push_back({prefix + t.name, t.shape,
                           std::vector<float>(buf.begin() + t.offset, buf.begin() + t.offset + t.count)});
  };
  add("", m.params());
  if (adam && adam->m.size() == m.params().size()) {
    f.metadata["adam_t"] = std::to_string(adam->t);
    add("adam.m.", adam->m);
    add("adam.v.", adam->v);
  }
  io::save_safetensors(path, f);
}

namespace {

constexpr double kFloatMax = std::numeric_limits<float>::max();

// Everything after the safetensors layer, shared by the file and the in-memory loader.
LoadedCheckpoint from_tensors(const io::TensorFile& f, const std::string& path) {
  const Meta meta(f, path);
  const std::string format = meta.str_or("format", "");
  if (format != kFormat)
    throw Error(path + ": metadata field 'format' is '" + format + "', expected '" + kFormat + "'");

  ModelConfig c;
  c.kind = meta.parsed("kind", [](const std::string& s) { return parse_model_kind(s); });
  c.input_dim = int(meta.integer("input_dim", 1, 1 << 26));
  c.hidden = meta.parsed("hidden", [](const std::string& s) { return parse_int_list(s, "hidden"); });
  c.latent = int(meta.integer("latent", 1, 4096));
  c.activation = meta.parsed("activation", [](const std::string& s) { return parse_activation(s); });
  c.likelihood = meta.parsed("likelihood", [](const std::string& s) { return parse_likelihood(s); });
  c.learn_variance = meta.str_or("learn_variance", "false") == "true";
  c.gaussian_logvar = float(meta.number("gaussian_logvar", c.gaussian_logvar, -100, 100));
  try {
    c.validate();
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }

  // The metadata alone may claim a model of terabytes; the tensors, already read, prove what
  // the file really holds. Compare before allocating, so a small file costs a small model.
  // The slack lets a near miss (one tensor missing or mis-shaped) reach the checks below,
  // whose messages name the tensor.
  const bool has_adam = f.metadata.count("adam_t") > 0;
  uint64_t held = 0;
  for (const io::Tensor& t : f.tensors) held += t.data.size();
  constexpr uint64_t kSlack = uint64_t(1) << 20;  // floats: at most 4 MiB beyond the file
  const uint64_t declared = ModelLayout(c).size;
  if (declared * (has_adam ? 3 : 1) > held + kSlack)
    throw Error(path + ": metadata declares a " + std::string(to_string(c.kind)) + " " +
                std::to_string(c.input_dim) + "-" + format_int_list(c.hidden) + "-" +
                std::to_string(c.latent) + " of " + std::to_string(declared) + " parameters" +
                (has_adam ? " (x3 with Adam state)" : "") + ", but the file holds only " +
                std::to_string(held) + " floats");

  LoadedCheckpoint out;
  out.model = std::make_unique<Model>(c);
  const std::vector<ParamTensor> tensors = out.model->tensors();
  auto read = [&](const std::string& prefix, FloatBuffer& buf) {
    for (const ParamTensor& t : tensors) {
      const io::Tensor* found = f.find(prefix + t.name);
      if (!found)
        throw Error(path + ": tensor '" + prefix + t.name + "' missing (expected shape " +
                    shape_str(t.shape) + " for a " + std::string(to_string(c.kind)) + " " +
                    std::to_string(c.input_dim) + "-" + format_int_list(c.hidden) + "-" +
                    std::to_string(c.latent) + ")");
      if (found->shape != t.shape)
        throw Error(path + ": tensor '" + prefix + t.name + "' has shape " + shape_str(found->shape) +
                    ", expected " + shape_str(t.shape));
      std::memcpy(buf.data() + t.offset, found->data.data(), t.count * sizeof(float));
    }
  };
  read("", out.model->params());
  size_t expected = tensors.size();
  if (has_adam) {
    AdamState a;
    a.reset(out.model->params().size());
    a.t = meta.integer("adam_t", 0, int64_t(1) << 50);
    read("adam.m.", a.m);
    read("adam.v.", a.v);
    out.adam = std::move(a);
    expected *= 3;
  }
  if (f.tensors.size() != expected) {
    for (const io::Tensor& t : f.tensors) {
      bool known = false;
      for (const std::string prefix : {"", "adam.m.", "adam.v."})
        for (const ParamTensor& p : tensors) known |= t.name == prefix + p.name;
      if (!known)
        throw Error(path + ": unexpected tensor '" + t.name + "' for a " +
                    std::string(to_string(c.kind)) + " with hidden " + format_int_list(c.hidden));
    }
  }
  if (!out.model->all_finite()) throw Error(path + ": weights contain NaN or Inf");

  CheckpointInfo& i = out.info;
  i.data = meta.str_or("data", "");
  const std::string shape = meta.str_or("input_shape", "");
  if (!shape.empty()) {
    const std::vector<int> hwc = meta.parsed("input_shape", [](const std::string& s) { return parse_int_list(s, "input_shape"); });
    if (hwc.size() == 3) {
      i.height = hwc[0];
      i.width = hwc[1];
      i.channels = hwc[2];
    }
  }
  i.step = int64_t(meta.number("step", 0, 0, 0x1p53));
  i.epoch = meta.number("epoch", 0, 0, 0x1p53);
  i.beta = float(meta.number("beta", 1, 0, kFloatMax));
  i.lr = float(meta.number("lr", 1e-3, 0, kFloatMax));
  i.batch = int(meta.number("batch", 128, 1, 1 << 30));
  i.seed = uint64_t(meta.number("seed", 1, 0, 0x1p63));
  return out;
}

}  // namespace

LoadedCheckpoint load_checkpoint(const std::string& path) {
  return from_tensors(io::load_safetensors(path), path);
}

LoadedCheckpoint load_checkpoint_bytes(std::string_view bytes, const std::string& name) {
  return from_tensors(io::parse_safetensors(bytes, name), name);
}

}  // namespace ll
