#include "core/features/feature_cache.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/error.h"
#include "core/io/safetensors.h"
#include "core/nn/rng.h"

namespace ll {

namespace {

constexpr const char* kFormat = "latentlab-features-1";

// FNV-1a over 8-byte words with a final avalanche: a cache key, not a cryptographic hash;
// word-wise so that hashing Fashion-MNIST's 55 MB stays well inside the cached start's budget.
struct Hasher {
  uint64_t h = 0xcbf29ce484222325ull;
  void bytes(const void* p, size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      std::memcpy(&w, b + i, 8);
      h = (h ^ w) * 0x100000001b3ull;
      h ^= h >> 29;
    }
    for (; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ull;
    word(n);  // lengths too, so moving a byte from one field to the next changes the key
  }
  void word(uint64_t w) { h = (h ^ w) * 0x100000001b3ull; }
  uint64_t done() const { return SplitMix64::mix(h); }
};

std::string hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

const io::Tensor& need(const io::TensorFile& f, const std::string& path, const std::string& name,
                       std::vector<int64_t> shape) {
  const io::Tensor* t = f.find(name);
  if (!t) throw Error(path + ": tensor \"" + name + "\" missing");
  if (t->shape != shape) {
    std::string want;
    for (int64_t s : shape) want += (want.empty() ? "" : ", ") + std::to_string(s);
    throw Error(path + ": tensor \"" + name + "\" has the wrong shape, expected [" + want + "]");
  }
  return *t;
}

std::string meta(const io::TensorFile& f, const std::string& path, const std::string& key) {
  auto it = f.metadata.find(key);
  if (it == f.metadata.end()) throw Error(path + ": metadata field \"" + key + "\" missing");
  return it->second;
}

int to_int(const std::string& s, const std::string& path, const std::string& field) {
  char* end = nullptr;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end || v < 1 || v > (1 << 28))
    throw Error(path + ": metadata field \"" + field + "\" is \"" + s + "\", expected a positive integer");
  return int(v);
}

}  // namespace

std::string feature_cache_dir() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/latentlab";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/latentlab";
  return "";
}

uint64_t feature_key(const Dataset& d, const std::string& config) {
  Hasher h;
  h.word(uint64_t(d.height));
  h.word(uint64_t(d.width));
  h.word(uint64_t(d.channels));
  for (const Split* s : {&d.train, &d.test}) {
    h.bytes(s->pixels.data(), s->pixels.size());
    h.bytes(s->labels.data(), s->labels.size() * sizeof(int32_t));
  }
  h.bytes(config.data(), config.size());
  return h.done();
}

std::string feature_cache_path(const std::string& dir, uint64_t key) {
  return dir + "/features-" + hex(key) + ".safetensors";
}

void save_feature_space(const std::string& path, const FeatureSpace& s, uint64_t key) {
  io::TensorFile f;
  f.metadata["format"] = kFormat;
  f.metadata["key"] = hex(key);
  f.metadata["input_dim"] = std::to_string(s.input_dim());
  if (s.kind == FeatureKind::Classifier) {
    const Classifier& c = s.classifier;
    f.metadata["kind"] = "classifier";
    f.metadata["classes"] = std::to_string(c.classes);
    f.metadata["config"] = c.cfg.key();
    std::string hidden;
    for (int w : c.cfg.hidden) hidden += (hidden.empty() ? "" : ",") + std::to_string(w);
    f.metadata["hidden"] = hidden;
    char acc[32];
    std::snprintf(acc, sizeof acc, "%.17g", s.test_accuracy);
    f.metadata["test_accuracy"] = acc;
    const auto ls = c.layers();
    for (size_t i = 0; i < ls.size(); ++i) {
      const std::string n = "layer." + std::to_string(i);
      f.tensors.push_back({n + ".weight", {ls[i].out, ls[i].in},
                           {c.params.begin() + ls[i].w, c.params.begin() + ls[i].b}});
      f.tensors.push_back({n + ".bias", {ls[i].out},
                           {c.params.begin() + ls[i].b, c.params.begin() + ls[i].b + ls[i].out}});
    }
  } else {
    f.metadata["kind"] = "pca";
    f.tensors.push_back({"pca.mean", {s.pca.input_dim}, s.pca.mean});
    f.tensors.push_back({"pca.basis", {s.pca.components, s.pca.input_dim}, s.pca.basis});
  }
  io::save_safetensors(path, f);
}

FeatureSpace load_feature_space(const std::string& path, uint64_t key, int input_dim) {
  const io::TensorFile f = io::load_safetensors(path);
  if (meta(f, path, "format") != kFormat)
    throw Error(path + ": metadata field \"format\" is \"" + meta(f, path, "format") + "\", expected " + kFormat);
  if (meta(f, path, "key") != hex(key))
    throw Error(path + ": metadata field \"key\" is " + meta(f, path, "key") + ", expected " + hex(key));
  if (to_int(meta(f, path, "input_dim"), path, "input_dim") != input_dim)
    throw Error(path + ": metadata field \"input_dim\" is " + meta(f, path, "input_dim") +
                ", expected " + std::to_string(input_dim));
  FeatureSpace s;
  const std::string kind = meta(f, path, "kind");
  if (kind == "classifier") {
    ClassifierConfig cfg;
    cfg.hidden.clear();
    const std::string hidden = meta(f, path, "hidden");
    for (size_t at = 0; at <= hidden.size();) {
      const size_t comma = std::min(hidden.find(',', at), hidden.size());
      cfg.hidden.push_back(to_int(hidden.substr(at, comma - at), path, "hidden"));
      at = comma + 1;
    }
    s.kind = FeatureKind::Classifier;
    s.classifier = Classifier{cfg, input_dim, to_int(meta(f, path, "classes"), path, "classes"), {}};
    Classifier& c = s.classifier;
    c.params.assign(c.param_count(), 0.f);
    const auto ls = c.layers();
    for (size_t i = 0; i < ls.size(); ++i) {
      const std::string n = "layer." + std::to_string(i);
      const auto& w = need(f, path, n + ".weight", {ls[i].out, ls[i].in});
      const auto& b = need(f, path, n + ".bias", {ls[i].out});
      std::copy(w.data.begin(), w.data.end(), c.params.begin() + ls[i].w);
      std::copy(b.data.begin(), b.data.end(), c.params.begin() + ls[i].b);
    }
    s.test_accuracy = std::strtod(meta(f, path, "test_accuracy").c_str(), nullptr);
  } else if (kind == "pca") {
    s.kind = FeatureKind::Pca;
    const io::Tensor* basis = f.find("pca.basis");
    if (!basis || basis->shape.size() != 2 || basis->shape[0] < 1)
      throw Error(path + ": tensor \"pca.basis\" missing or not (components, " + std::to_string(input_dim) + ")");
    const int k = int(basis->shape[0]);
    s.pca.input_dim = input_dim;
    s.pca.components = k;
    s.pca.mean = need(f, path, "pca.mean", {input_dim}).data;
    s.pca.basis = need(f, path, "pca.basis", {k, input_dim}).data;
  } else {
    throw Error(path + ": metadata field \"kind\" is \"" + kind + "\", expected classifier or pca");
  }
  return s;
}

}  // namespace ll
