#include "pipeline/analyser_stage.hpp"

#include <time.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "record/timeline.hpp"

namespace reelscale::pipeline {
namespace {

double clock_s(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

std::int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

}  // namespace

double thread_cpu_s() { return clock_s(CLOCK_THREAD_CPUTIME_ID); }
double process_cpu_s() { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

AnalyserStage::AnalyserStage(const PipelineOptions& opts) {
  if (opts.frame_analysers.size() > 64) throw std::logic_error("at most 64 frame analysers");
  for (const auto& make : opts.frame_analysers) {
    auto f = std::make_unique<Frame>();
    f->a = make();
    if (!f->a) continue;
    f->key = f->a->key();
    f->hz = f->a->sample_hz();
    f->side = f->a->max_side();
    frames_.push_back(std::move(f));
  }
  for (const auto& make : opts.audio_analysers) {
    Audio a;
    a.a = make();
    if (!a.a) continue;
    a.key = a.a->key();
    audio_.push_back(std::move(a));
  }
}

void AnalyserStage::set_fps(double fps) { fps_ = record::timeline::effective_fps(fps); }

AnalyserMask AnalyserStage::wants(std::int64_t frame) const {
  AnalyserMask m = 0;
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    const double hz = frames_[i]->hz;
    if (!(hz > 0)) {
      if (frame == 0) m |= AnalyserMask(1) << i;  // no rate: the first frame only
      continue;
    }
    const double step = fps_ / hz;  // decoded frames per sampling step
    bool take = step <= 1.0;
    if (!take) {
      const auto k0 = std::int64_t(std::floor(double(frame) / step));
      take = std::llround(double(k0) * step) == frame || std::llround(double(k0 + 1) * step) == frame;
    }
    if (take) m |= AnalyserMask(1) << i;
  }
  return m;
}

int AnalyserStage::max_side(AnalyserMask mask) const {
  int side = 0;
  for (std::size_t i = 0; i < frames_.size(); ++i)
    if (mask & (AnalyserMask(1) << i)) side = std::max(side, frames_[i]->side);
  return side;
}

AnalyserMask AnalyserStage::wants_picture(AnalyserMask mask, const analysis::AnalysisFrame& f) {
  AnalyserMask want = 0;
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    if (!(mask & (AnalyserMask(1) << i))) continue;
    Frame& fr = *frames_[i];
    const std::int64_t t0 = thread_cpu_ns();
    bool yes = true;
    try {
      yes = fr.a->wants_picture(f);
    } catch (const std::exception&) {  // analyse() reports it, with the picture
    }
    fr.cpu_ns += thread_cpu_ns() - t0;
    if (yes) want |= AnalyserMask(1) << i;
  }
  return want;
}

void AnalyserStage::analyse(AnalyserMask mask, const analysis::AnalysisFrame& f) {
  for (std::size_t i = 0; i < frames_.size(); ++i) {
    if (!(mask & (AnalyserMask(1) << i))) continue;
    Frame& fr = *frames_[i];
    const std::int64_t t0 = thread_cpu_ns();
    try {
      fr.a->analyse(f);
    } catch (const std::exception& e) {
      const std::string what = e.what();
      std::call_once(fr.warned, [&] { fr.warning = fr.key + ": frame " + std::to_string(f.frame) + ": " + what; });
    }
    fr.cpu_ns += thread_cpu_ns() - t0;
  }
}

void AnalyserStage::consume_audio(std::span<const float> samples, double t0_s) {
  for (Audio& a : audio_) {
    if (!a.warning.empty()) continue;  // stopped after its first exception
    const std::int64_t t0 = thread_cpu_ns();
    try {
      a.a->consume(samples, t0_s);
    } catch (const std::exception& e) {
      a.warning = a.key + ": " + e.what();
    }
    a.cpu_ns += thread_cpu_ns() - t0;
  }
}

void AnalyserStage::store(const std::string& key, analysis::AnalysisResult&& r, AssetRecord& rec) {
  if (!r.skipped.empty()) rec.skipped[key] = r.skipped;
  if (!r.sidecar.is_null()) rec.sections[key] = std::move(r.sidecar);
  for (auto& t : r.tables) {
    try {
      t.rows();  // throws on ragged columns
      if (record::is_reserved_table_name(t.name) || t.name.empty() || t.name.find('/') != std::string::npos)
        throw std::invalid_argument("table name '" + t.name + "' is reserved or not a plain name");
      for (const auto& other : rec.tables)
        if (other.name == t.name) throw std::invalid_argument("table '" + t.name + "' given twice");
      rec.tables.push_back(std::move(t));
    } catch (const std::exception& e) {
      rec.warnings.push_back(key + ": table dropped: " + e.what());
    }
  }
}

template <class A>
void AnalyserStage::finish_one(A& analyser, const std::string& key, const std::string& warning, std::int64_t cpu_ns,
                               AssetRecord& rec) {
  if (!warning.empty()) rec.warnings.push_back(warning);
  const std::int64_t t0 = thread_cpu_ns();
  double own_cpu_s = -1;  // the analyser's own count, when it has one
  try {
    analysis::AnalysisResult r = analyser.finish(rec);
    own_cpu_s = r.cpu_s;
    store(key, std::move(r), rec);
  } catch (const std::exception& e) {
    rec.warnings.push_back(key + ": finish: " + e.what());
  }
  rec.stage_cpu_s[key] += own_cpu_s >= 0 ? own_cpu_s : 1e-9 * double(cpu_ns + thread_cpu_ns() - t0);
}

void AnalyserStage::finish(AssetRecord& rec) {
  for (auto& f : frames_) finish_one(*f->a, f->key, f->warning, f->cpu_ns.load(), rec);
  for (Audio& a : audio_) finish_one(*a.a, a.key, a.warning, a.cpu_ns, rec);
  for (const auto& w : rec.warnings) spdlog::warn("'{}': {}", rec.path, w);
}

}  // namespace reelscale::pipeline
