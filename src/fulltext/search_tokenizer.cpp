#include "fulltext/search_tokenizer.hpp"

#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "fulltext/sqlite_handle.hpp"
#include "fulltext/text_normalise.hpp"

namespace reelscale::fulltext {
namespace {

struct Wrapped {
  fts5_tokenizer inner{};
  Fts5Tokenizer* inner_tok = nullptr;
};

using TokenFn = int (*)(void*, int, const char*, int, int, int);

struct CallContext {
  void* outer_ctx;
  TokenFn outer;
};

int on_token(void* p, int tflags, const char* tok, int n, int start, int end) {
  auto* c = static_cast<CallContext*>(p);
  const std::string norm = normalise_token(std::string_view(tok, static_cast<std::size_t>(n)));
  if (norm.empty()) return SQLITE_OK;
  return c->outer(c->outer_ctx, tflags, norm.data(), static_cast<int>(norm.size()), start, end);
}

int x_create(void* api_ptr, const char**, int, Fts5Tokenizer** out) {
  auto* api = static_cast<fts5_api*>(api_ptr);
  auto w = std::make_unique<Wrapped>();
  void* user = nullptr;
  if (int rc = api->xFindTokenizer(api, "unicode61", &user, &w->inner); rc != SQLITE_OK) return rc;
  const char* args[] = {"remove_diacritics", "2", "categories", "L* N* Co M*"};
  if (int rc = w->inner.xCreate(user, args, 4, &w->inner_tok); rc != SQLITE_OK) return rc;
  *out = reinterpret_cast<Fts5Tokenizer*>(w.release());
  return SQLITE_OK;
}

void x_delete(Fts5Tokenizer* t) {
  auto* w = reinterpret_cast<Wrapped*>(t);
  if (w->inner_tok) w->inner.xDelete(w->inner_tok);
  delete w;
}

int x_tokenize(Fts5Tokenizer* t, void* ctx, int flags, const char* text, int n, TokenFn cb) {
  auto* w = reinterpret_cast<Wrapped*>(t);
  CallContext c{ctx, cb};
  return w->inner.xTokenize(w->inner_tok, &c, flags, text, n, on_token);
}

}  // namespace

void register_search_tokenizer(Database& db) {
  fts5_api* api = nullptr;
  {
    Statement st(db, "SELECT fts5(?1)");
    db.check(sqlite3_bind_pointer(st.get(), 1, &api, "fts5_api_ptr", nullptr), "bind fts5_api_ptr");
    st.step();
  }
  if (!api) throw std::runtime_error(db.path().string() + ": SQLite has no FTS5");
  fts5_tokenizer tok{x_create, x_delete, x_tokenize};
  db.check(api->xCreateTokenizer(api, kTokenizerName, api, &tok, nullptr), "register tokenizer");
}

}  // namespace reelscale::fulltext
