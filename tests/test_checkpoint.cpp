// Checkpoints: save -> load gives a model with identical outputs; every way a file can be
// wrong is refused with a message naming the file and what was expected.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/safetensors.h"
#include "core/vae/forward.h"

namespace ll {
namespace {

std::string tmp(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("latentlab_ckpt_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

ModelConfig small(ModelKind kind = ModelKind::Vae) {
  ModelConfig c;
  c.kind = kind;
  c.input_dim = 12;
  c.hidden = {9, 7};
  c.latent = 3;
  return c;
}

std::string load_error(const std::string& path) {
  try {
    load_checkpoint(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Checkpoint, RoundTripGivesIdenticalOutputs) {
  for (ModelKind kind : {ModelKind::Vae, ModelKind::Ae}) {
    Model m(small(kind));
    m.init(11);
    AdamState adam;
    adam.reset(m.params().size());
    adam.t = 17;
    adam.m[3] = 0.5f;
    CheckpointInfo info{"synthetic", 3, 4, 1, 1234, 2.5, 0.5f, 3e-4f, 64, 9};
    const std::string path = tmp("round.safetensors");
    save_checkpoint(path, m, &adam, info);
    LoadedCheckpoint l = load_checkpoint(path);
    EXPECT_EQ(l.model->config(), m.config());
    EXPECT_EQ(l.model->params(), m.params());
    ASSERT_TRUE(l.adam.has_value());
    EXPECT_EQ(l.adam->t, 17);
    EXPECT_EQ(l.adam->m, adam.m);
    EXPECT_EQ(l.info.step, 1234);
    EXPECT_EQ(l.info.data, "synthetic");
    EXPECT_EQ(l.info.height, 3);
    EXPECT_FLOAT_EQ(l.info.beta, 0.5f);

    std::vector<float> z{0.3f, -1.f, 2.f}, a(12), b(12);
    Workspace w1, w2;
    decode_images(m, z.data(), 1, w1, a.data());
    decode_images(*l.model, z.data(), 1, w2, b.data());
    EXPECT_EQ(a, b);
  }
}

TEST(Checkpoint, TensorNamesArePyTorchStyle) {
  Model m(small());
  m.init(1);
  const std::string path = tmp("names.safetensors");
  save_checkpoint(path, m, nullptr, {});
  io::TensorFile f = io::load_safetensors(path);
  ASSERT_NE(f.find("encoder.hidden.0.weight"), nullptr);
  EXPECT_EQ(f.find("encoder.hidden.0.weight")->shape, (std::vector<int64_t>{9, 12}));
  EXPECT_EQ(f.find("encoder.hidden.1.weight")->shape, (std::vector<int64_t>{7, 9}));
  EXPECT_EQ(f.find("encoder.mu.weight")->shape, (std::vector<int64_t>{3, 7}));
  EXPECT_EQ(f.find("encoder.logvar.bias")->shape, (std::vector<int64_t>{3}));
  EXPECT_EQ(f.find("decoder.hidden.0.weight")->shape, (std::vector<int64_t>{7, 3}));
  EXPECT_EQ(f.find("decoder.hidden.1.weight")->shape, (std::vector<int64_t>{9, 7}));
  EXPECT_EQ(f.find("decoder.out.weight")->shape, (std::vector<int64_t>{12, 9}));
  EXPECT_EQ(f.metadata.at("kind"), "vae");
  EXPECT_EQ(f.metadata.at("hidden"), "9,7");
  EXPECT_EQ(f.find("adam.m.decoder.out.weight"), nullptr);
}

TEST(Checkpoint, BadFilesAreRefusedWithTheirReason) {
  Model m(small());
  m.init(1);
  const std::string good = tmp("good.safetensors");
  save_checkpoint(good, m, nullptr, {});
  io::TensorFile f = io::load_safetensors(good);

  auto write_variant = [&](const std::string& name, auto&& change) {
    io::TensorFile v = f;
    change(v);
    const std::string p = tmp(name);
    io::save_safetensors(p, v);
    return p;
  };

  EXPECT_NE(load_error(tmp("nope.safetensors")).find("nope.safetensors"), std::string::npos);

  const std::string garbage = tmp("garbage.safetensors");
  std::ofstream(garbage) << "this is not a checkpoint at all, just some text";
  EXPECT_NE(load_error(garbage).find("garbage.safetensors"), std::string::npos);

  std::string e = load_error(write_variant("shape.safetensors", [](io::TensorFile& v) {
    for (auto& t : v.tensors)
      if (t.name == "decoder.out.weight") t.shape = {9, 12};
  }));
  EXPECT_NE(e.find("'decoder.out.weight' has shape [9, 12], expected [12, 9]"), std::string::npos) << e;

  e = load_error(write_variant("missing.safetensors", [](io::TensorFile& v) {
    std::erase_if(v.tensors, [](const io::Tensor& t) { return t.name == "encoder.mu.bias"; });
  }));
  EXPECT_NE(e.find("'encoder.mu.bias' missing"), std::string::npos) << e;

  e = load_error(write_variant("latent.safetensors", [](io::TensorFile& v) { v.metadata["latent"] = "4"; }));
  EXPECT_NE(e.find("expected [4, 7]"), std::string::npos) << e;

  e = load_error(write_variant("nolatent.safetensors", [](io::TensorFile& v) { v.metadata.erase("latent"); }));
  EXPECT_NE(e.find("metadata field 'latent' missing"), std::string::npos) << e;

  e = load_error(write_variant("format.safetensors", [](io::TensorFile& v) { v.metadata.erase("format"); }));
  EXPECT_NE(e.find("'format'"), std::string::npos) << e;

  e = load_error(write_variant("hidden.safetensors", [](io::TensorFile& v) { v.metadata["hidden"] = "9,x"; }));
  EXPECT_NE(e.find("'hidden'"), std::string::npos) << e;

  e = load_error(write_variant("extra.safetensors", [](io::TensorFile& v) {
    v.tensors.push_back({"something.else", {1}, {0.f}});
  }));
  EXPECT_NE(e.find("unexpected tensor 'something.else'"), std::string::npos) << e;

  e = load_error(write_variant("nan.safetensors", [](io::TensorFile& v) { v.tensors[0].data[0] = NAN; }));
  EXPECT_NE(e.find("NaN"), std::string::npos) << e;

  // A header that lies about its length.
  std::string bytes = io::serialize_safetensors(f);
  bytes[0] = char(0xff);
  bytes[3] = char(0x7f);
  const std::string liar = tmp("liar.safetensors");
  std::ofstream(liar, std::ios::binary) << bytes;
  e = load_error(liar);
  EXPECT_NE(e.find("liar.safetensors"), std::string::npos) << e;
  EXPECT_NE(e.find("header length"), std::string::npos) << e;
}

}  // namespace
}  // namespace ll
