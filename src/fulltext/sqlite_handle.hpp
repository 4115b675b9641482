#pragma once
/// @file sqlite_handle.hpp
/// RAII over sqlite3* and sqlite3_stmt* (SQLite 3 C API). Errors throw std::runtime_error
/// naming the database file and SQLite's message.

#include <cstdint>
#include <filesystem>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace reelscale::fulltext {

/// An open database connection; closed in the destructor.
class Database {
 public:
  /// Opens (`create`: creates) `path`. @throws std::runtime_error on failure.
  Database(const std::filesystem::path& path, bool create);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  sqlite3* get() const { return db_; }
  const std::filesystem::path& path() const { return path_; }
  /// Runs SQL without results. @throws std::runtime_error with SQLite's message.
  void exec(const std::string& sql);
  /// Throws std::runtime_error("<file>: <what>: <sqlite message>") when rc is an error.
  void check(int rc, const std::string& what) const;

 private:
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

/// A prepared statement; finalised in the destructor. Parameters are 1-based.
class Statement {
 public:
  Statement(Database& db, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  void bind(int i, const std::string& v);
  void bind(int i, double v);
  void bind(int i, std::int64_t v);
  /// Steps once: true while a row is available, false when done. @throws on error.
  bool step();
  /// Resets for re-execution (bindings kept).
  void reset();
  std::string text(int col) const;
  double real(int col) const;
  sqlite3_stmt* get() const { return st_; }

 private:
  Database& db_;
  sqlite3_stmt* st_ = nullptr;
};

}  // namespace reelscale::fulltext
