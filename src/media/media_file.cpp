#include "media/media_file.hpp"

#include <system_error>

namespace reelscale::media {

FormatContextPtr open_media(const std::filesystem::path& file) {
  const std::string name = file.string();
  std::error_code ec;
  if (std::filesystem::is_regular_file(file, ec) && std::filesystem::file_size(file, ec) == 0) {
    throw MediaError("cannot open '" + name + "': empty file (0 bytes)");
  }
  AVFormatContext* raw = nullptr;
  // The "file:" protocol prefix keeps names with ':' or starting with a protocol-like word literal.
  if (int rc = avformat_open_input(&raw, ("file:" + name).c_str(), nullptr, nullptr); rc < 0) {
    throw_media_error("cannot open", name, rc);
  }
  FormatContextPtr ctx(raw);
  if (int rc = avformat_find_stream_info(ctx.get(), nullptr); rc < 0) {
    throw_media_error("cannot read stream information of", name, rc);
  }
  return ctx;
}

}  // namespace reelscale::media
