#pragma once
/// @file text_escape.hpp
/// Escaping shared by the XML/HTML writers and file URLs for media references.

#include <string>

namespace reelscale::exports {

/// XML/HTML text and attribute escaping (& < > " ').
std::string xml_escape(const std::string& s);

/// "file://" URL of an absolute path, bytes outside RFC 3986 unreserved and
/// '/' percent-encoded.
std::string file_url(const std::string& path);

}  // namespace reelscale::exports
