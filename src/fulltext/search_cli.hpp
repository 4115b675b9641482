#pragma once
/// @file search_cli.hpp
/// `reelscale search OUT "words" [--json] [-k N]`: the k best rows of OUT/index/fulltext.sqlite
/// (asset, path, time span, kind, snippet, bm25 score), best first.

namespace CLI {
class App;
}

namespace reelscale::fulltext {

/// Registers the `search` subcommand on `app`.
void register_search_command(CLI::App& app);

}  // namespace reelscale::fulltext
