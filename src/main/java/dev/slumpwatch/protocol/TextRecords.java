package dev.slumpwatch.protocol;

import dev.slumpwatch.protocol.TextLine.Item;
import dev.slumpwatch.protocol.TextLine.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lines put together into records of a learnt shape's values ({@link TextShape}): one line
 * a record, several lines a record (complete when every label of the shape has come), or
 * columns. What does not fit goes to a {@link Assembler.Bad} with the reason.
 */
final class TextRecords {
  private TextRecords() {
  }

  /** A line as read, with when and where it came. */
  record Parsed(TextLine line, String text, long lineNo, long host, int chunk, int bytes,
      boolean maybePartial) {}

  /** A complete record: values as printed, in the roles' order, and where it came from. */
  static final class Rec {
    final double[] v = new double[7];
    boolean integral = true;
    Parsed last;
    int lines;
    long identity;
  }

  /**
   * Every value the same, or no gravity at all: what a sketch prints when its I2C read
   * failed (zeros, or -1 from a bus that reads 0xFF), never a reading of a sensor at rest
   * or in motion (gravity is always there, and noise makes six equal values impossible).
   */
  static boolean failedRead(Rec r, TextShape s) {
    int n = s.hasGyro() ? 6 : 3;
    boolean allSame = true;
    for (int i = 1; i < n; i++) {
      allSame &= r.v[i] == r.v[0];
    }
    return allSame || r.v[0] == 0 && r.v[1] == 0 && r.v[2] == 0;
  }

  /** Puts lines together into records of a shape's roles. */
  static final class Assembler {
    interface Bad {
      void line(Parsed p, String why);
    }

    private final Bad bad;
    final List<Rec> done = new ArrayList<>();
    private Rec rec;
    private int has;

    Assembler(Bad bad) {
      this.bad = bad;
    }

    /** Records completed since the connection began: a partial one before them is quiet. */
    private int completed;

    void reset() {
      rec = null;
      has = 0;
      completed = 0;
    }

    void dropPartial() {
      if (rec != null && has != 0 && rec.last != null && completed > 0) {
        bad.line(rec.last, "record cut short: it lacks " + missing(rec, has));
      }
      rec = null;
      has = 0;
    }

    private TextShape shape;

    private String missing(Rec r, int got) {
      List<String> out = new ArrayList<>();
      for (Role role : Role.values()) {
        if (shape != null && shape.has(role) && (got & 1 << role.ordinal()) == 0) {
          out.add(role.name().toLowerCase(Locale.ROOT));
        }
      }
      return String.join(" ", out);
    }

    void add(Parsed p, TextShape s) {
      shape = s;
      TextLine t = p.line();
      if (!s.labelled()) {
        columns(p, s);
        return;
      }
      int lineRoles = 0;
      for (Item i : t.items) {
        if ((i.axis() || i.role() == Role.TIME) && s.has(i.role())) {
          int bit = 1 << i.role().ordinal();
          if ((lineRoles & bit) != 0) {
            dropPartial();
            bad.line(p, "'" + (i.label().isEmpty() ? i.role().name().toLowerCase(Locale.ROOT)
                : i.label()) + "' twice in one line: two lines run together after lost bytes?");
            return;
          }
          lineRoles |= bit;
        }
      }
      if (lineRoles == 0) {
        if (t.unlabelled() > 0) {
          bad.line(p, t.unlabelled() + " unlabelled numbers where the values are labelled");
        }
        return; // a value of something else (temperature): skipped quietly
      }
      if ((has & lineRoles) != 0) {
        dropPartial(); // what came before lacked the rest: part of a record was lost
      }
      if (rec == null) {
        rec = new Rec();
      }
      for (Item i : t.items) {
        if ((lineRoles & 1 << i.role().ordinal()) != 0) {
          rec.v[i.role().ordinal()] = i.value();
          rec.integral &= i.integer() || i.role() == Role.TIME;
        }
      }
      rec.identity = rec.identity * 31 + p.text().hashCode();
      rec.last = p;
      rec.lines++;
      has |= lineRoles;
      if (has == s.roles()) {
        finish();
      } else if (s.linesPerRecord() == 1) {
        Rec r = rec;
        int got = has;
        rec = null;
        has = 0;
        bad.line(p, "it lacks " + missing(r, got) + " (cut short after lost bytes?)");
      }
    }

    private void columns(Parsed p, TextShape s) {
      TextLine t = p.line();
      int n = t.items.size();
      if (t.unlabelled() != n) {
        if (t.unlabelled() > 0 || t.hasAxes()) {
          bad.line(p, "labelled values where the lines are bare numbers");
        }
        return; // a labelled status line (a temperature, say): skipped quietly
      }
      int c = s.columns().length;
      if (n != c) {
        bad.line(p, n + " numbers where the lines have " + c + (n > c
            ? ": two lines run together after lost bytes?" : ": cut short?"));
        return;
      }
      Rec r = new Rec();
      for (int k = 0; k < n; k++) {
        Role role = s.columns()[k];
        if (role != Role.OTHER) {
          r.v[role.ordinal()] = t.items.get(k).value();
          r.integral &= t.items.get(k).integer() || role == Role.TIME;
        }
      }
      r.identity = p.text().hashCode();
      r.last = p;
      r.lines = 1;
      rec = r;
      finish();
    }

    private void finish() {
      completed++;
      rec.identity &= Long.MAX_VALUE;
      done.add(rec);
      rec = null;
      has = 0;
    }
  }
}
