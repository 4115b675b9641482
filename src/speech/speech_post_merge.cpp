#include "speech/speech_post_merge.hpp"

#include <algorithm>

#include "catalog/catalog_reader.hpp"
#include "speech/speech_analyser.hpp"
#include "speech/transcript_webvtt.hpp"

namespace reelscale::speech {

std::size_t write_caption_files(const std::filesystem::path& out_dir) {
  catalog::CatalogReader reader(out_dir / "catalog.h5");
  std::size_t n = 0;
  for (const auto& id : reader.asset_ids()) {
    const auto names = reader.table_names(id);
    if (std::find(names.begin(), names.end(), kTranscriptTable) == names.end()) continue;
    write_webvtt_file(out_dir / "captions" / (id + ".vtt"), utterances_from_table(reader.read_table(id, kTranscriptTable)));
    ++n;
  }
  return n;
}

}  // namespace reelscale::speech
