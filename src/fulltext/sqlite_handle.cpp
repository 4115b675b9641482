#include "fulltext/sqlite_handle.hpp"

#include <sqlite3.h>

#include <stdexcept>

namespace reelscale::fulltext {

Database::Database(const std::filesystem::path& path, bool create) : path_(path) {
  const int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error(path.string() + ": cannot open: " + msg);
  }
}

Database::~Database() { sqlite3_close(db_); }

void Database::check(int rc, const std::string& what) const {
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
    throw std::runtime_error(path_.string() + ": " + what + ": " + sqlite3_errmsg(db_));
}

void Database::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string msg = err ? err : "error";
    sqlite3_free(err);
    throw std::runtime_error(path_.string() + ": " + msg + " in: " + sql);
  }
}

Statement::Statement(Database& db, const std::string& sql) : db_(db) {
  db_.check(sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &st_, nullptr), "prepare " + sql);
}

Statement::~Statement() { sqlite3_finalize(st_); }

void Statement::bind(int i, const std::string& v) {
  db_.check(sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT), "bind");
}
void Statement::bind(int i, double v) { db_.check(sqlite3_bind_double(st_, i, v), "bind"); }
void Statement::bind(int i, std::int64_t v) { db_.check(sqlite3_bind_int64(st_, i, v), "bind"); }

bool Statement::step() {
  const int rc = sqlite3_step(st_);
  db_.check(rc, "step");
  return rc == SQLITE_ROW;
}

void Statement::reset() { sqlite3_reset(st_); }

std::string Statement::text(int col) const {
  const auto* p = sqlite3_column_text(st_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(st_, col))) : "";
}
double Statement::real(int col) const { return sqlite3_column_double(st_, col); }

}  // namespace reelscale::fulltext
