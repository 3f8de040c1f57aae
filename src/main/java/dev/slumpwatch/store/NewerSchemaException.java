package dev.slumpwatch.store;

import java.nio.file.Path;

/**
 * The database was written by a newer slumpwatch. Unlike a full disk, this is not
 * something to monitor through: the wearer needs to update or choose another data dir.
 */
public final class NewerSchemaException extends StoreException {
  private static final long serialVersionUID = 1L;

  NewerSchemaException(Path file, int version, int understood) {
    super("database " + file + " has schema version " + version
        + ", newer than this slumpwatch understands (" + understood
        + "); it was left untouched: update slumpwatch or use another --data-dir");
  }
}
