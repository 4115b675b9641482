#include "speech/transcript_webvtt.hpp"

#include "record/clock_text.hpp"
#include "util/atomic_file.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace reelscale::speech {

std::string vtt_timestamp(double seconds) { return record::clock_ms(seconds); }

namespace {
std::string escape_cue(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}
}  // namespace

std::string transcript_webvtt(const std::vector<Utterance>& utterances) {
  std::string out = "WEBVTT\n";
  int n = 0;
  for (const auto& u : utterances) {
    if (u.text.empty()) continue;
    out += "\n" + std::to_string(++n) + "\n" + vtt_timestamp(u.start_s) + " --> " + vtt_timestamp(u.end_s) +
           "\n" + escape_cue(u.text) + "\n";
  }
  return out;
}

nlohmann::json transcript_json(const std::vector<Utterance>& utterances) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& u : utterances)
    if (!u.text.empty())
      a.push_back({{"start_s", u.start_s}, {"end_s", u.end_s}, {"text", u.text}, {"confidence", u.confidence}});
  return a;
}

std::vector<Utterance> utterances_from_table(const record::Table& t) {
  const auto& st = t.get<double>("start_s");
  const auto& en = t.get<double>("end_s");
  const auto& tx = t.get<std::string>("text");
  const auto& cf = t.get<double>("confidence");
  std::vector<Utterance> out;
  for (std::size_t i = 0; i < t.rows(); ++i) out.push_back({st[i], en[i], tx[i], cf[i], {}});
  return out;
}

void write_webvtt_file(const std::filesystem::path& file, const std::vector<Utterance>& utterances) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  util::write_file_atomic(file, transcript_webvtt(utterances));
}

}  // namespace reelscale::speech
