/// @file test_frame_match.cpp
/// Frame-exact verification for query by image (scenes/frame_match.hpp) and
/// the catalog's partial reads of per-frame signatures
/// (CatalogReader::read_frame_signatures), on a generated clip whose every
/// frame differs (two drifting sine gratings, period 77 frames): a frame
/// grabbed with the ffmpeg CLI is found at its own index, an unrelated image
/// is no duplicate.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "catalog/catalog_reader.hpp"
#include "catalog/catalog_writer.hpp"
#include "pipeline/asset_pipeline.hpp"
#include "search/frame_match.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace rt = reelscale::testing;
namespace sc = reelscale::scenes;
constexpr std::size_t kThumb = std::size_t(reelscale::kernels::kThumbSide) * reelscale::kernels::kThumbSide;

fs::path ffmpeg_make(const fs::path& dir, const std::string& name, const std::string& args) {
  const fs::path out = dir / name;
  const std::string cmd = "ffmpeg -nostdin -v error -y " + args + " " + rt::shell_quote(out.string()) + " </dev/null";
  EXPECT_EQ(rt::run_shell(cmd), 0) << cmd;
  return out;
}

struct Clip {
  fs::path dir, video, catalog;
  reelscale::AssetRecord rec;
};

const Clip& clip() {
  static const Clip c = [] {
    Clip c;
    c.dir = rt::scratch_dir("frame-match");
    c.video =
        ffmpeg_make(c.dir, "zoom.mp4",
                    "-f lavfi -i "
                    "\"color=c=black:s=320x240:r=25,format=yuv420p,geq=lum='128+60*sin(2*PI*(X/80+N/7))+60*sin(2*PI*(Y/"
                    "60+N/11))':cb=128:cr=128\" -frames:v 60 -c:v libx264 -crf 16 -pix_fmt yuv420p");
    c.rec = reelscale::pipeline::analyse_asset(c.video);
    c.catalog = c.dir / "catalog.h5";
    reelscale::catalog::CatalogWriter w(c.catalog);
    w.write_asset(c.rec);
    w.close();
    return c;
  }();
  return c;
}

TEST(FrameSignatures, PartialReadsEqualTheSeries) {
  const Clip& c = clip();
  ASSERT_EQ(c.rec.series.size(), 60u);
  reelscale::catalog::CatalogReader r(c.catalog);
  const auto sig = r.read_frame_signatures(c.rec.id, 10, 19);
  EXPECT_EQ(sig.first_frame, 10);
  ASSERT_EQ(sig.size(), 10u);
  ASSERT_EQ(sig.thumb.size(), 10 * kThumb);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(sig.phash[i], c.rec.series.phash[10 + i]) << "frame " << 10 + i;
    const auto want = c.rec.series.thumbnail(10 + i);
    EXPECT_TRUE(std::equal(want.begin(), want.end(), sig.thumb.begin() + std::ptrdiff_t(i * kThumb)))
        << "frame " << 10 + i;
  }
  EXPECT_EQ(r.read_frame_signatures(c.rec.id, 55, 1000).size(), 5u) << "clipped to the stored frames";
  EXPECT_EQ(r.read_frame_signatures(c.rec.id, 100, 120).size(), 0u);
  EXPECT_EQ(r.read_frame_signatures(c.rec.id, 30, 29).size(), 0u);
  EXPECT_THROW(r.read_frame_signatures("0123456789abcdef", 0, 10), std::runtime_error);
}

TEST(FrameMatch, GrabbedFrameIsFoundAtItsIndex) {
  const Clip& c = clip();
  reelscale::catalog::CatalogReader r(c.catalog);
  const auto all = r.read_frame_signatures(c.rec.id, 0, 59);
  ASSERT_EQ(all.size(), 60u);
  for (const int n : {7, 37, 58}) {
    const fs::path png = ffmpeg_make(
        c.dir, "grab" + std::to_string(n) + ".png",
        "-i " + rt::shell_quote(c.video.string()) + " -vf 'select=eq(n\\," + std::to_string(n) + ")' -frames:v 1");
    const sc::ImageSignature img = sc::image_signature_file(png);
    EXPECT_EQ(img.width, 320);
    EXPECT_EQ(img.height, 240);
    const sc::FrameMatch m = sc::best_frame_match(img, all.phash, all.thumb, all.first_frame);
    EXPECT_EQ(m.frame, n);
    EXPECT_TRUE(m.duplicate()) << "thumb " << m.thumb_distance << " pHash " << m.phash_distance;
    EXPECT_LT(m.thumb_distance, 0.005f);
    // Searching from another first row shifts the reported index.
    const auto part = r.read_frame_signatures(c.rec.id, n - 5, n + 1);
    EXPECT_EQ(sc::best_frame_match(img, part.phash, part.thumb, part.first_frame).frame, n);
  }
}

TEST(FrameMatch, UnrelatedImageIsNoDuplicate) {
  const Clip& c = clip();
  reelscale::catalog::CatalogReader r(c.catalog);
  const auto all = r.read_frame_signatures(c.rec.id, 0, 59);
  const fs::path png = ffmpeg_make(c.dir, "other.png", "-f lavfi -i testsrc2=size=320x240 -frames:v 1");
  const sc::FrameMatch m = sc::best_frame_match(sc::image_signature_file(png), all.phash, all.thumb, 0);
  EXPECT_GE(m.frame, 0);
  EXPECT_FALSE(m.duplicate()) << "thumb " << m.thumb_distance << " pHash " << m.phash_distance;
  EXPECT_GT(m.thumb_distance, 0.05f);
}

TEST(FrameMatch, Errors) {
  sc::ImageSignature img;
  const std::uint64_t ph[2] = {0, 0};
  const std::uint8_t th[kThumb] = {};
  EXPECT_THROW(sc::best_frame_match(img, ph, th, 0), std::invalid_argument);
  EXPECT_EQ(sc::best_frame_match(img, {}, {}, 0).frame, -1);
  EXPECT_FALSE(sc::best_frame_match(img, {}, {}, 0).duplicate());
  EXPECT_THROW(sc::image_signature_file("/nonexistent/image.png"), std::runtime_error);
}

}  // namespace
