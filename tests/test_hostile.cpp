/// @file test_hostile.cpp
/// Hostile and faulty inputs (issue 11, docs/reliability.md): one case or more per
/// defect class. Every fixture is generated here (ffmpeg CLI, mkfifo, sockets,
/// hand-written playlists, a ClamAV .hdb signature of a generated file); every
/// case ends in bounded time because the code under test refuses before reading.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <openssl/evp.h>

#include "archive/input_walker.hpp"
#include "catalog/catalog_writer.hpp"
#include "ingest/clamav_scanner.hpp"
#include "ingest/container_check.hpp"
#include "ingest/input_file.hpp"
#include "ingest/log_escape.hpp"
#include "media/media_file.hpp"
#include "media/stream_info.hpp"
#include "pipeline/asset_pipeline.hpp"
#include "run/out_guard.hpp"
#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using reelscale::testing::run_capture;
using reelscale::testing::scratch_dir;
using reelscale::testing::shell_quote;
namespace ingest = reelscale::ingest;
namespace media = reelscale::media;

void write_file(const fs::path& p, const std::string& body) { std::ofstream(p, std::ios::binary) << body; }

bool ffmpeg(const std::string& args) {
  int status = 0;
  const std::string out =
      run_capture("ffmpeg -nostdin -hide_banner -loglevel error -y " + args + " </dev/null 2>&1", &status);
  if (status != 0) ADD_FAILURE() << "ffmpeg failed: " << args << "\n" << out;
  return status == 0;
}

bool make_h264(const fs::path& out, int frames) {
  return ffmpeg("-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v " + std::to_string(frames) +
                " -c:v libx264 -preset veryfast -pix_fmt yuv420p -f mp4 " + shell_quote(out.string()));
}

/// What InputFile's refusal says about `p` ("" when it opened).
std::string refusal(const fs::path& p, std::uint64_t max_bytes = 0) {
  try {
    ingest::InputFile f(p, max_bytes);
    return "";
  } catch (const ingest::IngestError& e) {
    return e.what();
  }
}

std::string open_error(const fs::path& p) {
  try {
    media::open_media(p);
    return "";
  } catch (const media::MediaError& e) {
    return e.what();
  }
}

/// A listening AF_UNIX socket at `p` (closed at once: the inode stays a socket).
void make_socket(const fs::path& p) {
  int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, p.c_str(), sizeof a.sun_path - 1);
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0) << std::strerror(errno);
  ::close(s);
}

// ------------------------------------------- class 2: reading what it must not ----

TEST(HostileGate, DevicesFifosSocketsAndSymlinksToThemAreRefusedWithoutOpening) {
  const fs::path d = scratch_dir("hostile-gate");
  ASSERT_EQ(::mkfifo((d / "fifo.mp4").c_str(), 0600), 0);
  fs::create_symlink("/dev/zero", d / "zero.mp4");
  fs::create_symlink(d / "fifo.mp4", d / "to_fifo.mp4");
  make_socket(d / "sock.mp4");
  // Each of these would block in open() or read forever if it were opened.
  EXPECT_NE(refusal(d / "fifo.mp4").find("FIFO"), std::string::npos) << refusal(d / "fifo.mp4");
  EXPECT_NE(refusal(d / "zero.mp4").find("symlink to a character device"), std::string::npos);
  EXPECT_NE(refusal(d / "to_fifo.mp4").find("symlink to a FIFO"), std::string::npos);
  EXPECT_NE(refusal(d / "sock.mp4").find("socket"), std::string::npos);
  EXPECT_NE(refusal("/dev/null").find("character device"), std::string::npos);
  EXPECT_NE(open_error(d / "fifo.mp4"), "");  // the media layer alone does not block either
}

TEST(HostileGate, RegularFilesAndSymlinksToThemOpenAndTheSizeLimitHolds) {
  const fs::path d = scratch_dir("hostile-gate-ok");
  write_file(d / "a.bin", std::string(1000, 'x'));
  fs::create_symlink(d / "a.bin", d / "link.bin");
  EXPECT_EQ(refusal(d / "a.bin"), "");
  EXPECT_EQ(refusal(d / "link.bin"), "");
  ingest::InputFile f(d / "link.bin");
  EXPECT_EQ(f.size(), 1000u);
  EXPECT_NE(refusal(d / "a.bin", 999).find("exceeds the size limit of 999"), std::string::npos);
  fs::create_symlink(d / "missing", d / "broken.bin");
  EXPECT_NE(refusal(d / "broken.bin").find("broken symlink"), std::string::npos);
}

TEST(HostileWalk, OutIsExcludedUnreadableFoldersAreListedAndListEntriesStayInTheirRoots) {
  const fs::path d = scratch_dir("hostile-walk");
  fs::create_directories(d / "in" / "sub");
  fs::create_directories(d / "in" / "OUT" / "assets");
  fs::create_directories(d / "in" / "locked");
  write_file(d / "in" / "a.mp4", "x");
  write_file(d / "in" / "sub" / "b.mp4", "x");
  write_file(d / "in" / "OUT" / "assets" / "c.json", "{}");
  write_file(d / "in" / "locked" / "hidden.mp4", "x");
  ::chmod((d / "in" / "locked").c_str(), 0);
  reelscale::archive::WalkOptions wo;
  wo.exclude_dirs = {d / "in" / "OUT"};
  const auto files = reelscale::archive::collect_inputs(d / "in", wo);
  const bool root = ::geteuid() == 0;  // root reads a mode-0 folder anyway
  std::vector<fs::path> want = {d / "in" / "a.mp4"};
  want.push_back(root ? d / "in" / "locked" / "hidden.mp4" : d / "in" / "locked");
  want.push_back(d / "in" / "sub" / "b.mp4");
  EXPECT_EQ(files, want);
  if (!root) EXPECT_NE(ingest::describe_file_type(d / "in" / "locked").find("unreadable folder"), std::string::npos);
  ::chmod((d / "in" / "locked").c_str(), 0755);

  // A list file naming /etc/shadow: refused by the walk, never read.
  write_file(d / "in" / "list.txt", (d / "in" / "a.mp4").string() + "\n/etc/shadow\n");
  reelscale::archive::WalkReport report;
  const auto listed = reelscale::archive::collect_inputs(d / "in" / "list.txt", {}, &report);
  EXPECT_EQ(listed, std::vector<fs::path>{d / "in" / "a.mp4"});
  ASSERT_EQ(report.refused.size(), 1u);
  EXPECT_EQ(report.refused[0].first, fs::path("/etc/shadow"));
  reelscale::archive::WalkOptions wide;
  wide.allowed_roots = {"/etc"};
  EXPECT_EQ(reelscale::archive::collect_inputs(d / "in" / "list.txt", wide).size(), 2u);
}

TEST(HostileDemux, PlaylistsAndConcatNamedMp4AreRefusedAndReadNothingElse) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const fs::path d = scratch_dir("hostile-demux");
  const fs::path other = corpus / "documentary_h264.mp4";
  write_file(d / "hls.mp4", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" + other.string() + "\n#EXT-X-ENDLIST\n");
  write_file(d / "master.mp4", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nmaster.mp4\n");  // self-referencing
  write_file(d / "concat.mp4", "ffconcat version 1.0\nfile '" + other.string() + "'\n");
  write_file(d / "dash.mp4",
             "<?xml version=\"1.0\"?><MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\">"
             "<Period><AdaptationSet><Representation id=\"1\" bandwidth=\"1\"><BaseURL>" +
                 other.string() + "</BaseURL></Representation></AdaptationSet></Period></MPD>\n");
  for (const char* name : {"hls.mp4", "master.mp4", "concat.mp4", "dash.mp4"}) {
    const std::string e = open_error(d / name);
    EXPECT_NE(e, "") << name << " opened";
    EXPECT_TRUE(e.find("not on the demuxer allow-list") != std::string::npos ||
                e.find("Invalid data") != std::string::npos)
        << name << ": " << e;
  }
  EXPECT_NE(open_error(d / "hls.mp4").find("'hls'"), std::string::npos) << open_error(d / "hls.mp4");
  EXPECT_NE(open_error(d / "concat.mp4").find("'concat'"), std::string::npos) << open_error(d / "concat.mp4");
  // The real file still opens under the same policy.
  EXPECT_EQ(open_error(other), "");
}

TEST(HostileDemux, ContainerThatContradictsTheExtensionIsFlagged) {
  const fs::path d = scratch_dir("hostile-ext");
  ASSERT_TRUE(ffmpeg("-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 5 -c:v mpeg2video -f mpegts " +
                     shell_quote((d / "lies.mp4").string())));
  auto fmt = media::open_media(d / "lies.mp4");
  const std::string container = media::container_name(fmt.get());
  EXPECT_EQ(container, "mpegts");
  EXPECT_NE(ingest::container_mismatch("lies.mp4", container).find("'.mp4'"), std::string::npos);
  EXPECT_EQ(ingest::container_mismatch("ok.MP4", "mov,mp4,m4a,3gp,3g2,mj2"), "");
  EXPECT_EQ(ingest::container_mismatch("ok.ts", "mpegts"), "");
  EXPECT_EQ(ingest::container_mismatch("noext", "mpegts"), "");
  EXPECT_NE(ingest::container_mismatch("x.mkv", "avi"), "");
}

// --------------------------------------------------------------- ClamAV ----

std::string md5_hex(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unsigned char md[16];
  unsigned int n = 0;
  EVP_Digest(body.data(), body.size(), md, &n, EVP_md5(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned i = 0; i < n; ++i) s += {hex[md[i] >> 4], hex[md[i] & 15]};
  return s;
}

TEST(HostileClamav, AnHdbSignatureOfAGeneratedFileMatchesItAndNothingElse) {
  const fs::path d = scratch_dir("hostile-clam");
  ASSERT_TRUE(make_h264(d / "bad.mp4", 10));
  ASSERT_TRUE(make_h264(d / "good.mp4", 12));
  fs::create_directories(d / "db");
  write_file(d / "db" / "site.hdb",
             md5_hex(d / "bad.mp4") + ":" + std::to_string(fs::file_size(d / "bad.mp4")) + ":Reelscale.Test.Bad\n");
  ingest::ClamavScanner scanner(d / "db");
  EXPECT_EQ(scanner.signatures(), 1u);
  ingest::InputFile bad(d / "bad.mp4"), good(d / "good.mp4");
  EXPECT_EQ(scanner.scan(bad.fd(), "bad.mp4").value_or("clean"),
            "Reelscale.Test.Bad.UNOFFICIAL");  // libclamav marks unsigned databases
  EXPECT_EQ(scanner.scan(good.fd(), "good.mp4").value_or("clean"), "clean");
  // A real ClamAV test file (clamav-testfiles) under a signature of its own bytes.
  const fs::path exe = "/usr/share/clamav-testfiles/clam.exe";
  if (fs::exists(exe)) {
    fs::create_directories(d / "db2");
    write_file(d / "db2" / "t.hdb", md5_hex(exe) + ":" + std::to_string(fs::file_size(exe)) + ":ClamAV-Test-File\n");
    ingest::ClamavScanner s2(d / "db2");
    ingest::InputFile f(exe);
    EXPECT_EQ(s2.scan(f.fd(), exe.string()).value_or("clean"), "ClamAV-Test-File.UNOFFICIAL");
  }
  fs::create_directories(d / "empty");
  EXPECT_THROW(ingest::ClamavScanner{d / "empty"}, std::runtime_error);
}

}  // namespace

// ------------------------------------------------ class 5: log injection ----

namespace {
TEST(HostileLog, ControlCharactersInNamesAreEscaped) {
  using reelscale::ingest::escape_controls;
  EXPECT_EQ(escape_controls("a\nb"), "a\\nb");
  EXPECT_EQ(escape_controls("x\x1b[31mred"), "x\\x1b[31mred");
  EXPECT_EQ(escape_controls("tab\there\\"), "tab\\there\\\\");
  EXPECT_EQ(escape_controls("caf\xc3\xa9.mp4"), "caf\xc3\xa9.mp4");  // UTF-8 kept
  EXPECT_EQ(escape_controls(std::string("nul\0x", 5)), "nul\\x00x");
}
}  // namespace

// ------------------------------------------- per-asset pipeline (all classes) ----

namespace {

using reelscale::AssetRecord;
using reelscale::AssetStatus;

AssetRecord analyse(const fs::path& p, const reelscale::pipeline::PipelineOptions& o = {}) {
  return reelscale::pipeline::analyse_asset(p, o);
}

/// A PCM WAV: `rate` Hz, mono s16, `samples` samples of a square wave; `format_tag` 1 = PCM.
std::string wav(int rate, int samples, int format_tag = 1) {
  auto u32 = [](std::uint32_t v) { return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)}; };
  auto u16 = [](std::uint16_t v) { return std::string{char(v), char(v >> 8)}; };
  std::string data;
  for (int i = 0; i < samples; ++i) data += u16(std::uint16_t((i / 4) % 2 ? 8000 : -8000));
  return "RIFF" + u32(36 + std::uint32_t(data.size())) + "WAVEfmt " + u32(16) + u16(std::uint16_t(format_tag)) +
         u16(1) + u32(std::uint32_t(rate)) + u32(std::uint32_t(rate * 2)) + u16(2) + u16(16) + "data" +
         u32(std::uint32_t(data.size())) + data;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void truncate_to(const fs::path& p, double fraction) {
  fs::resize_file(p, std::uintmax_t(double(fs::file_size(p)) * fraction));
}

TEST(HostilePipeline, SpecialFilesBecomeErrorAssetsWithTheReason) {
  const fs::path d = scratch_dir("hostile-pipe-special");
  ASSERT_EQ(::mkfifo((d / "fifo.mp4").c_str(), 0600), 0);
  fs::create_symlink("/dev/zero", d / "zero.mp4");
  fs::create_symlink(d / "fifo.mp4", d / "to_fifo.mp4");
  for (const char* n : {"fifo.mp4", "zero.mp4", "to_fifo.mp4"}) {
    const AssetRecord r = analyse(d / n);
    EXPECT_EQ(r.status, AssetStatus::error) << n;
    EXPECT_NE(r.error.find("not a regular file"), std::string::npos) << n << ": " << r.error;
    EXPECT_TRUE(r.fixity.md5.empty()) << n << " was hashed";
  }
}

TEST(HostilePipeline, HlsPlaylistNamedMp4ReadsNoOtherFile) {
  REELSCALE_REQUIRE_CORPUS(corpus);
  const fs::path d = scratch_dir("hostile-pipe-hls");
  write_file(d / "evil.mp4", "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n" +
                                 (corpus / "documentary_h264.mp4").string() + "\n#EXT-X-ENDLIST\n");
  const AssetRecord r = analyse(d / "evil.mp4");
  EXPECT_EQ(r.status, AssetStatus::error);
  EXPECT_NE(r.error.find("'hls' is not on the demuxer allow-list"), std::string::npos) << r.error;
  EXPECT_EQ(r.frames, 0);
}

TEST(HostilePipeline, MkvDeclaringTenToTheTwelveSecondsIsRefusedBeforeAnyLadder) {
  const fs::path d = scratch_dir("hostile-pipe-mkv");
  ASSERT_TRUE(ffmpeg("-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 10 -c:v mpeg4 -f matroska " +
                     shell_quote((d / "long.mkv").string())));
  std::string b = read_all(d / "long.mkv");
  const std::size_t at = b.find("\x44\x89\x88");
  ASSERT_NE(at, std::string::npos) << "no 8-byte Duration element";
  const double ms = 1e15;  // 10^12 s in the default TimecodeScale (1 ms)
  std::uint64_t bits;
  std::memcpy(&bits, &ms, 8);
  for (int i = 0; i < 8; ++i) b[at + 3 + std::size_t(i)] = char(bits >> (56 - 8 * i));
  write_file(d / "long.mkv", b);
  const AssetRecord r = analyse(d / "long.mkv");
  EXPECT_EQ(r.status, AssetStatus::error);
  EXPECT_NE(r.error.find("max_declared_duration_s"), std::string::npos) << r.error;
}

TEST(HostilePipeline, ExtremeSampleAspectRatioIsAnErrorNotAHugeAnalysisImage) {
  const fs::path d = scratch_dir("hostile-pipe-sar");
  // MPEG-4 Part 2 stores SAR in 8 bits: 1:255 makes a 160x120 frame 0.005:1 on display,
  // an analysis image of 256 x 49000 pixels before the budget.
  ASSERT_TRUE(ffmpeg("-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 5 -vf setsar=1/255 -c:v mpeg4 -f avi " +
                     shell_quote((d / "sar.avi").string())));
  const AssetRecord r = analyse(d / "sar.avi");
  EXPECT_EQ(r.status, AssetStatus::error);
  EXPECT_NE(r.error.find("max_analysis_aspect"), std::string::npos) << r.error;
}

TEST(HostilePipeline, AudioOnlyStatusIsTruthful) {
  const fs::path d = scratch_dir("hostile-pipe-audio");
  write_file(d / "slow.wav", wav(10, 100));                  // 10 Hz: below the sample-rate floor
  write_file(d / "unknown.wav", wav(16000, 16000, 0x7777));  // no decoder for this format tag
  write_file(d / "good.wav", wav(16000, 32000));
  write_file(d / "cut.wav", wav(16000, 32000));
  truncate_to(d / "cut.wav", 0.6);
  ASSERT_TRUE(
      ffmpeg("-f lavfi -i sine=frequency=440:sample_rate=44100:duration=4 -c:a aac -movflags +faststart "
             "-f mp4 " +
             shell_quote((d / "cut.m4a").string())));
  truncate_to(d / "cut.m4a", 0.6);
  EXPECT_EQ(analyse(d / "good.wav").status, AssetStatus::ok) << analyse(d / "good.wav").error;
  const AssetRecord slow = analyse(d / "slow.wav");
  EXPECT_EQ(slow.status, AssetStatus::error);
  EXPECT_NE(slow.error.find("min_audio_sample_rate"), std::string::npos) << slow.error;
  const AssetRecord unk = analyse(d / "unknown.wav");
  EXPECT_EQ(unk.status, AssetStatus::error) << unk.error;
  for (const char* n : {"cut.wav", "cut.m4a"}) {
    const AssetRecord r = analyse(d / n);
    EXPECT_EQ(r.status, AssetStatus::damaged) << n << ": " << r.error;
  }
}

TEST(HostilePipeline, ClamavMatchIsRejectedWithTheSignatureAndExtensionLiesAreWarned) {
  const fs::path d = scratch_dir("hostile-pipe-clam");
  ASSERT_TRUE(make_h264(d / "bad.mp4", 10));
  ASSERT_TRUE(ffmpeg("-f lavfi -i testsrc2=size=160x120:rate=25 -frames:v 8 -c:v mpeg2video -f mpegts " +
                     shell_quote((d / "lies.mp4").string())));
  fs::create_directories(d / "db");
  write_file(d / "db" / "site.hdb",
             md5_hex(d / "bad.mp4") + ":" + std::to_string(fs::file_size(d / "bad.mp4")) + ":Reelscale.Test.Bad\n");
  reelscale::pipeline::PipelineOptions o;
  o.detect_scenes = false;
  o.scanner = std::make_shared<ingest::ClamavScanner>(d / "db");
  const AssetRecord bad = analyse(d / "bad.mp4", o);
  EXPECT_EQ(bad.status, AssetStatus::rejected);
  EXPECT_NE(bad.error.find("Reelscale.Test.Bad"), std::string::npos) << bad.error;
  EXPECT_EQ(bad.frames, 0);
  EXPECT_EQ(bad.fixity.md5, md5_hex(d / "bad.mp4"));
  const AssetRecord lies = analyse(d / "lies.mp4", o);
  EXPECT_EQ(lies.status, AssetStatus::ok) << lies.error;
  EXPECT_EQ(lies.frames, 8);
  ASSERT_EQ(lies.warnings.size(), 1u);
  EXPECT_NE(lies.warnings[0].find("mpegts"), std::string::npos);
}

}  // namespace

// ----------------------------------------- classes 1 and 4: OUT and damaged state ----

namespace {

/// A shard-like catalog of two analysed clips at `h5`.
void write_small_catalog(const fs::path& dir, const fs::path& h5) {
  ASSERT_TRUE(make_h264(dir / "a.mp4", 12));
  ASSERT_TRUE(make_h264(dir / "b.mp4", 20));
  reelscale::pipeline::PipelineOptions o;
  o.detect_scenes = false;
  reelscale::catalog::CatalogWriter w(h5);
  for (const char* n : {"a.mp4", "b.mp4"}) {
    AssetRecord r = analyse(dir / n, o);
    ASSERT_EQ(r.status, AssetStatus::ok) << r.error;
    w.write_asset(r);
  }
  w.close();
}

TEST(HostileState, FlippedBytesInAShardGiveAClearErrorInBoundedTime) {
  const fs::path d = scratch_dir("hostile-flip");
  write_small_catalog(d, d / "good.h5");
  EXPECT_EQ(reelscale::run::validate_catalog_file(d / "good.h5"), 2);
  std::string b = read_all(d / "good.h5");
  int broken = 0;
  // Flip every byte of a 4 KiB stretch at several offsets: each copy must be refused or read, never crash us.
  for (const double at : {0.02, 0.3, 0.6, 0.9}) {
    std::string c = b;
    const std::size_t o = std::size_t(double(c.size()) * at);
    for (std::size_t i = o; i < std::min(c.size(), o + 4096); ++i) c[i] = char(~c[i]);
    write_file(d / "bad.h5", c);
    try {
      reelscale::run::validate_catalog_file(d / "bad.h5", 60);
    } catch (const std::runtime_error& e) {
      ++broken;
      EXPECT_NE(std::string(e.what()).find("is corrupt or unreadable"), std::string::npos) << e.what();
    }
  }
  EXPECT_GE(broken, 1);
  write_file(d / "garbage.h5", "not hdf5 at all");
  EXPECT_THROW(reelscale::run::validate_catalog_file(d / "garbage.h5"), std::runtime_error);
}

TEST(HostileState, GuardedReaderSurvivesCrashesAndEndlessLoops) {
  const auto crash = reelscale::run::guarded(
      []() -> std::int64_t {
        ::raise(SIGSEGV);
        return 0;
      },
      10);
  EXPECT_FALSE(crash.ok);
  EXPECT_NE(crash.error.find("crashed"), std::string::npos) << crash.error;
  const auto loop = reelscale::run::guarded(
      []() -> std::int64_t {
        for (;;) ::pause();
      },
      1);
  EXPECT_FALSE(loop.ok);
  EXPECT_NE(loop.error.find("no answer within 1 s"), std::string::npos) << loop.error;
  const auto fine = reelscale::run::guarded([]() -> std::int64_t { return 42; }, 10);
  EXPECT_TRUE(fine.ok);
  EXPECT_FALSE(fine.threw);
  EXPECT_EQ(fine.value, 42);
  const auto threw = reelscale::run::guarded([]() -> std::int64_t { throw std::runtime_error("bad shard"); }, 10);
  EXPECT_FALSE(threw.ok);
  EXPECT_TRUE(threw.threw);
  EXPECT_EQ(threw.error, "bad shard");
  const auto exited = reelscale::run::guarded([]() -> std::int64_t { ::_exit(3); }, 10);  // a library's exit()
  EXPECT_FALSE(exited.ok);
  EXPECT_FALSE(exited.threw);
  EXPECT_NE(exited.error.find("exit status 3"), std::string::npos) << exited.error;
  EXPECT_FALSE(crash.threw);
  EXPECT_FALSE(loop.threw);
}

TEST(HostileState, CorruptShardsAreQuarantinedAndAnEarlierRunIsMovedAsideNotDeleted) {
  const fs::path d = scratch_dir("hostile-out");
  const fs::path out = d / "OUT";
  fs::create_directories(out / "shards");
  fs::create_directories(out / "journal");
  write_small_catalog(d, out / "shards" / "rank-0.attempt-1.h5");
  write_file(out / "shards" / "rank-1.attempt-1.h5", "garbage shard");
  write_file(out / "catalog.h5", "finished catalog bytes");
  const auto q = reelscale::run::quarantine_corrupt_shards(out);
  EXPECT_EQ(q, std::vector<std::string>{"rank-1.attempt-1.h5"});
  EXPECT_TRUE(fs::exists(out / "quarantine" / "rank-1.attempt-1.h5"));
  EXPECT_TRUE(fs::exists(out / "shards" / "rank-0.attempt-1.h5"));
  ASSERT_TRUE(reelscale::run::holds_run(out));
  const fs::path prev = reelscale::run::set_aside_previous_run(out);
  ASSERT_FALSE(prev.empty());
  EXPECT_FALSE(reelscale::run::holds_run(out));
  EXPECT_EQ(read_all(prev / "catalog.h5"), "finished catalog bytes");
  EXPECT_TRUE(fs::exists(prev / "shards" / "rank-0.attempt-1.h5"));
}

}  // namespace

// ------------------------------------------------ CLI: data loss and damaged state ----

namespace {

using reelscale::testing::reelscale_binary;

int reelscale(const std::string& args, std::string* out = nullptr) {
  int status = 0;
  const std::string o = run_capture(shell_quote(reelscale_binary().string()) + " " + args + " 2>&1", &status);
  if (out) *out = o;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::int64_t catalog_assets(const fs::path& out) {
  return reelscale::run::validate_catalog_file(out / "catalog.h5", 60, false);
}

TEST(HostileCli, TypoInInputLeavesAFinishedOutIntactAndMergeAfterDeletingShardsKeepsEveryAsset) {
  const fs::path d = scratch_dir("hostile-cli");
  fs::create_directories(d / "in");
  ASSERT_TRUE(make_h264(d / "in" / "a.mp4", 12));
  ASSERT_TRUE(make_h264(d / "in" / "b.mp4", 15));
  const std::string common = " --no-scenes --no-index --threads 2";
  std::string log;
  ASSERT_EQ(reelscale("run --input " + shell_quote((d / "in").string()) + " --out " +
                          shell_quote((d / "OUT").string()) + common,
                      &log),
            0)
      << log;
  ASSERT_EQ(catalog_assets(d / "OUT"), 2);
  const std::string before = read_all(d / "OUT" / "catalog.h5");
  // A typo in --input: usage error, OUT untouched.
  EXPECT_NE(reelscale("run --input " + shell_quote((d / "inn").string()) + " --out " +
                          shell_quote((d / "OUT").string()) + common,
                      &log),
            0);
  EXPECT_NE(log.find("does not exist"), std::string::npos) << log;
  EXPECT_EQ(read_all(d / "OUT" / "catalog.h5"), before);
  // Shards deleted (docs say they may be), then merge: every asset is still there.
  fs::remove_all(d / "OUT" / "shards");
  EXPECT_EQ(reelscale("merge " + shell_quote((d / "OUT").string()), &log), 0) << log;
  EXPECT_EQ(catalog_assets(d / "OUT"), 2) << log;
  const std::string merged = read_all(d / "OUT" / "catalog.h5");
  // A fresh run over a finished OUT moves it aside, never deletes it.
  ASSERT_EQ(reelscale("run --input " + shell_quote((d / "in" / "a.mp4").string()) + " --out " +
                          shell_quote((d / "OUT").string()) + common,
                      &log),
            0)
      << log;
  EXPECT_EQ(catalog_assets(d / "OUT"), 1);
  bool kept = false;
  for (const auto& e : fs::directory_iterator(d / "OUT" / "previous"))
    kept |= read_all(e.path() / "catalog.h5") == merged;
  EXPECT_TRUE(kept) << "the earlier catalog is not under OUT/previous/";
}

TEST(HostileCli, FlippedByteShardIsQuarantinedAndResumeCompletes) {
  const fs::path d = scratch_dir("hostile-cli-flip");
  fs::create_directories(d / "in");
  ASSERT_TRUE(make_h264(d / "in" / "a.mp4", 12));
  ASSERT_TRUE(make_h264(d / "in" / "b.mp4", 15));
  const std::string args = "run --input " + shell_quote((d / "in").string()) + " --out " +
                           shell_quote((d / "OUT").string()) + " --no-scenes --no-index --threads 2";
  std::string log;
  ASSERT_EQ(reelscale(args, &log), 0) << log;
  fs::path shard;
  for (const auto& e : fs::directory_iterator(d / "OUT" / "shards")) shard = e.path();
  std::string b = read_all(shard);
  for (std::size_t i = b.size() / 3; i < b.size() / 3 + 8192 && i < b.size(); ++i) b[i] = char(~b[i]);
  write_file(shard, b);
  write_file(d / "OUT" / "catalog.h5", "corrupt catalog");
  EXPECT_EQ(reelscale(args + " --resume", &log), 0) << log;
  EXPECT_EQ(catalog_assets(d / "OUT"), 2) << log;
  EXPECT_TRUE(fs::exists(d / "OUT" / "quarantine" / shard.filename())) << log;
  EXPECT_NE(log.find("shard quarantined"), std::string::npos) << log;
  // query/index on a corrupt catalog: a clear error, not a hang.
  write_file(d / "OUT" / "catalog.h5", "corrupt catalog");
  EXPECT_NE(reelscale("index " + shell_quote((d / "OUT").string()), &log), 0);
  EXPECT_NE(log.find("corrupt or unreadable"), std::string::npos) << log;
  EXPECT_NE(reelscale("query " + shell_quote((d / "OUT").string()) + " --frame x:0", &log), 0);
  EXPECT_NE(log.find("corrupt or unreadable"), std::string::npos) << log;
}

}  // namespace
