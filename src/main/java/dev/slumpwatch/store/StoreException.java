package dev.slumpwatch.store;

import java.sql.SQLException;

/** The store cannot be used; the message names the file and the cause. */
public class StoreException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What a failed write means for the records, and so what the writer should do. */
  public enum Kind {
    /**
     * The file refuses writes for now (a full disk, a read-only file or directory, a busy
     * database, an I/O error): keep the records and try again later.
     */
    UNAVAILABLE,
    /**
     * A record cannot be stored as it is (a value a column refuses, a record that cannot
     * be bound): the others can; find it and set it aside.
     */
    RECORD,
    /** The file is damaged (malformed pages, not a database): write nothing more to it. */
    DAMAGED
  }

  private final Kind kind;

  public StoreException(String message, Throwable cause, Kind kind) {
    super(message, cause);
    this.kind = kind;
  }

  public StoreException(String message, Throwable cause) {
    this(message, cause, cause instanceof SQLException e ? kindOf(e) : Kind.UNAVAILABLE);
  }

  public StoreException(String message) {
    this(message, null, Kind.UNAVAILABLE);
  }

  public Kind kind() {
    return kind;
  }

  /** From SQLite's primary result code (the low byte of an extended one). */
  static Kind kindOf(SQLException e) {
    return switch (e.getErrorCode() & 0xff) {
      case 11, 26 -> Kind.DAMAGED; // SQLITE_CORRUPT, SQLITE_NOTADB
      case 18, 19, 20, 25 -> Kind.RECORD; // TOOBIG, CONSTRAINT, MISMATCH, RANGE
      default -> Kind.UNAVAILABLE;
    };
  }
}
