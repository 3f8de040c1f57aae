/*
 * Host unit tests of the portable protocol core against the shared test vectors
 * (firmware/test-vectors/protocol-v1.txt and protocol-v2.txt, read at run time; their
 * paths are the arguments, the version is taken from the "protocol-vN" in the name).
 * Every valid vector must decode to exactly its body and field values and encode back
 * to exactly its wire bytes; every invalid one must be rejected for its stated reason.
 * The Java side runs the same files (TestVectorsTest), so passing both means the two
 * implementations agree byte for byte.
 */
#include "../core/swproto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int checks;
static int failures;

#define CHECK(cond, ...)                                   \
  do {                                                     \
    checks++;                                              \
    if (!(cond)) {                                         \
      failures++;                                          \
      fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
      fprintf(stderr, __VA_ARGS__);                        \
      fprintf(stderr, "\n");                               \
    }                                                      \
  } while (0)

static size_t unhex(const char *hex, uint8_t *out, size_t cap) {
  size_t n = 0;
  while (hex[0] && hex[1] && n < cap) {
    unsigned v;
    if (sscanf(hex, "%2x", &v) != 1) {
      break;
    }
    out[n++] = (uint8_t)v;
    hex += 2;
  }
  return n;
}

/* The value of key=... among the fields, or NULL. */
static const char *field(char **fields, int nf, const char *key) {
  size_t k = strlen(key);
  int i;
  for (i = 0; i < nf; i++) {
    if (strncmp(fields[i], key, k) == 0 && fields[i][k] == '=') {
      return fields[i] + k + 1;
    }
  }
  return NULL;
}

static long num(char **fields, int nf, const char *key) {
  const char *v = field(fields, nf, key);
  if (v == NULL) {
    fprintf(stderr, "missing field %s\n", key);
    exit(2);
  }
  return strtol(v, NULL, 0);
}

static unsigned long unum(char **fields, int nf, const char *key) {
  const char *v = field(fields, nf, key);
  if (v == NULL) {
    fprintf(stderr, "missing field %s\n", key);
    exit(2);
  }
  return strtoul(v, NULL, 0);
}

/* Decodes a wire chunk (delimiter included) the way a receiver does. */
static int decode_wire(uint8_t version, const uint8_t *wire, size_t n, uint8_t *body,
    int *body_len, sw_frame_t *f) {
  int len;
  if (n == 0 || wire[n - 1] != 0) {
    return SW_ERR_MALFORMED;
  }
  len = sw_cobs_decode(wire, n - 1, body, SW_MAX_BODY);
  *body_len = len;
  if (len < 0) {
    return SW_ERR_MALFORMED;
  }
  return sw_parse_body(version, body, (size_t)len, f);
}

/* Same chunk through the byte-at-a-time receiver the firmware uses. */
static int rx_wire(uint8_t version, const uint8_t *wire, size_t n, sw_frame_t *f) {
  sw_rx_t rx;
  size_t i;
  int r = 0;
  sw_rx_init(&rx, version);
  for (i = 0; i < n; i++) {
    r = sw_rx_feed(&rx, wire[i], f);
    if (i + 1 < n && r != 0) {
      return 99; /* completed before its delimiter */
    }
  }
  return r == 1 ? SW_OK : r;
}

static void fill_imu(sw_imu_t *s, char **fv, int nf) {
  memset(s, 0, sizeof *s); /* the struct is compared with memcmp, padding included */
  s->seq = (uint16_t)unum(fv, nf, "seq");
  s->time_us = (uint32_t)unum(fv, nf, "time_us");
  s->sensor = (uint8_t)num(fv, nf, "sensor");
  s->ax = (int16_t)num(fv, nf, "ax");
  s->ay = (int16_t)num(fv, nf, "ay");
  s->az = (int16_t)num(fv, nf, "az");
  s->gx = (int16_t)num(fv, nf, "gx");
  s->gy = (int16_t)num(fv, nf, "gy");
  s->gz = (int16_t)num(fv, nf, "gz");
  s->flags = (uint8_t)num(fv, nf, "flags");
}

static void fill_info(sw_info_t *s, char **fv, int nf) {
  const char *fw = field(fv, nf, "firmware");
  const char *model = field(fv, nf, "model");
  memset(s, 0, sizeof *s);
  s->version = (uint8_t)num(fv, nf, "version");
  s->accel_g = (uint8_t)num(fv, nf, "accel_g");
  s->gyro_dps = (uint16_t)num(fv, nf, "gyro_dps");
  s->rate_hz = (uint16_t)num(fv, nf, "rate_hz");
  s->device_id = (uint32_t)strtoul(field(fv, nf, "device_id"), NULL, 16);
  s->firmware_len = (uint8_t)strlen(fw);
  memcpy(s->firmware, fw, s->firmware_len);
  s->model_len = (uint8_t)strlen(model);
  memcpy(s->model, model, s->model_len);
}

static int check_vector(uint8_t version, const char *name, const char *validity,
    const char *wire_hex, const char *type, char **fv, int nf) {
  uint8_t wire[512];
  uint8_t body[SW_MAX_BODY];
  uint8_t expect_body[512];
  uint8_t out[SW_MAX_WIRE + 8];
  size_t wn = unhex(wire_hex, wire, sizeof wire);
  size_t on = 0;
  int bl = 0;
  sw_frame_t f;
  sw_frame_t g;
  int r;

  if (strcmp(type, "crc") == 0) {
    unsigned long want = unum(fv, nf, "crc");
    CHECK(sw_crc16(wire, wn) == want, "%s: crc %04x != %04lx", name, sw_crc16(wire, wn),
        want);
    return 1;
  }
  if (strcmp(type, "crc32") == 0) {
    unsigned long want = unum(fv, nf, "crc");
    CHECK(sw_crc32(wire, wn) == want, "%s: crc32 %08lx != %08lx", name,
        (unsigned long)sw_crc32(wire, wn), want);
    return 1;
  }
  r = decode_wire(version, wire, wn, body, &bl, &f);
  if (strcmp(validity, "invalid") == 0) {
    const char *reason = field(fv, nf, "reason");
    int want = strcmp(reason, "crc") == 0 ? SW_ERR_CRC
        : strcmp(reason, "other_version") == 0 ? SW_ERR_OTHER_VERSION : SW_ERR_MALFORMED;
    CHECK(strcmp(reason, "crc") == 0 || strcmp(reason, "other_version") == 0
        || strcmp(reason, "malformed") == 0, "%s: unknown reason %s", name, reason);
    CHECK(r == want, "%s: rejected with %d, want %d (%s)", name, r, want, reason);
    CHECK(rx_wire(version, wire, wn, &g) == want, "%s: receiver did not reject it as %s", name,
        reason);
    return 1;
  }
  CHECK(r == SW_OK, "%s: valid vector rejected (%d)", name, r);
  if (r != SW_OK) {
    return 1;
  }
  {
    size_t en = unhex(field(fv, nf, "body"), expect_body, sizeof expect_body);
    CHECK(en == (size_t)bl && memcmp(expect_body, body, en) == 0, "%s: body differs", name);
  }
  CHECK(rx_wire(version, wire, wn, &g) == SW_OK && memcmp(&f, &g, sizeof f) == 0,
      "%s: receiver disagrees with the chunk decoder", name);

  if (strcmp(type, "imu") == 0) {
    sw_imu_t s;
    fill_imu(&s, fv, nf);
    CHECK(f.type == SW_TYPE_IMU && memcmp(&s, &f.u.imu, sizeof s) == 0,
        "%s: decoded imu fields differ", name);
    on = sw_pack_imu(version, &s, out);
  } else if (strcmp(type, "info") == 0) {
    sw_info_t s;
    fill_info(&s, fv, nf);
    CHECK(f.type == SW_TYPE_INFO && memcmp(&s, &f.u.info, sizeof s) == 0,
        "%s: decoded info fields differ", name);
    on = sw_pack_info(version, &s, out);
  } else if (strcmp(type, "status") == 0) {
    sw_status_t s;
    memset(&s, 0, sizeof s);
    s.battery_mv = (uint16_t)unum(fv, nf, "battery_mv");
    s.dropped = (uint32_t)unum(fv, nf, "dropped");
    CHECK(f.type == SW_TYPE_STATUS && f.u.status.battery_mv == s.battery_mv
        && f.u.status.dropped == s.dropped, "%s: decoded status fields differ", name);
    on = sw_pack_status(version, &s, out);
  } else if (strncmp(type, "cmd_", 4) == 0) {
    uint8_t t = strcmp(type, "cmd_info") == 0 ? SW_TYPE_CMD_INFO
        : strcmp(type, "cmd_set_rate") == 0 ? SW_TYPE_CMD_SET_RATE
        : strcmp(type, "cmd_start") == 0 ? SW_TYPE_CMD_START
        : strcmp(type, "cmd_stop") == 0 ? SW_TYPE_CMD_STOP : 0;
    uint16_t rate = t == SW_TYPE_CMD_SET_RATE ? (uint16_t)num(fv, nf, "rate_hz") : 0;
    CHECK(t != 0 && f.type == t, "%s: command type %02x", name, f.type);
    if (t == SW_TYPE_CMD_SET_RATE) {
      CHECK(f.u.rate_hz == rate, "%s: rate %u != %u", name, f.u.rate_hz, rate);
    }
    on = sw_pack_command(version, t, rate, out);
  } else {
    CHECK(0, "%s: unknown vector type %s", name, type);
    return 1;
  }
  CHECK(on == wn && memcmp(out, wire, wn) == 0, "%s: encoding differs from WIRE_HEX", name);
  return 1;
}

static int run_vectors(const char *path) {
  FILE *in = fopen(path, "r");
  char line[2048];
  int vectors = 0;
  const char *v = strstr(path, "protocol-v");
  uint8_t version = v == NULL ? 0 : (uint8_t)atoi(v + strlen("protocol-v"));
  if (version != SW_VERSION_1 && version != SW_VERSION_2) {
    fprintf(stderr, "%s: the name must contain protocol-v1 or protocol-v2\n", path);
    exit(2);
  }
  if (in == NULL) {
    perror(path);
    exit(2);
  }
  while (fgets(line, sizeof line, in)) {
    char *fv[64];
    int nf = 0;
    char *tok;
    size_t l = strlen(line);
    while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r')) {
      line[--l] = 0;
    }
    if (l == 0 || line[0] == '#') {
      continue;
    }
    for (tok = strtok(line, " "); tok != NULL && nf < 64; tok = strtok(NULL, " ")) {
      fv[nf++] = tok;
    }
    if (nf < 4) {
      fprintf(stderr, "bad vector line: %s\n", line);
      exit(2);
    }
    vectors += check_vector(version, fv[0], fv[1], fv[2], fv[3], fv + 4, nf - 4);
  }
  fclose(in);
  return vectors;
}

static void test_crc_check_value(void) {
  const char *s = "123456789";
  CHECK(sw_crc16((const uint8_t *)s, 9) == 0x29B1, "CRC-16/CCITT-FALSE check value");
  CHECK(sw_crc32((const uint8_t *)s, 9) == 0xCBF43926UL, "CRC-32/ISO-HDLC check value");
}

static uint32_t rng = 12345;
static uint8_t rnd(void) {
  rng = rng * 1103515245u + 12345u;
  return (uint8_t)(rng >> 16);
}

/* COBS round trip over lengths that cross the 254-byte block limit, zeros and none. */
static void test_cobs_round_trip(void) {
  static uint8_t in[700];
  static uint8_t enc[720];
  static uint8_t dec[700];
  size_t len;
  int mode;
  for (mode = 0; mode < 3; mode++) {
    for (len = 0; len <= sizeof in; len += (len < 260 ? 1 : 37)) {
      size_t i;
      size_t n;
      int d;
      for (i = 0; i < len; i++) {
        in[i] = mode == 0 ? rnd() : mode == 1 ? (uint8_t)(rnd() | 1) : 0;
      }
      n = sw_cobs_encode(in, len, enc);
      CHECK(n <= len + len / 254 + 2, "cobs overhead at %zu", len);
      CHECK(memchr(enc, 0, n - 1) == NULL && enc[n - 1] == 0, "cobs zero-free at %zu", len);
      d = sw_cobs_decode(enc, n - 1, dec, sizeof dec);
      CHECK(d == (int)len && memcmp(in, dec, len) == 0, "cobs round trip mode %d len %zu",
          mode, len);
    }
  }
}

/* The receiver resynchronises after garbage and an over-long chunk. */
static void test_rx_resync(void) {
  sw_rx_t rx;
  sw_frame_t f;
  uint8_t frame[SW_MAX_WIRE];
  size_t n = sw_pack_command(SW_VERSION, SW_TYPE_CMD_SET_RATE, 50, frame);
  int i;
  int r = 0;
  int got = 0;
  int errors = 0;
  size_t k;
  sw_rx_init(&rx, SW_VERSION);
  for (i = 0; i < 300; i++) { /* noise longer than any frame */
    r = sw_rx_feed(&rx, (uint8_t)(rnd() | 1), &f);
    CHECK(r == 0, "noise completed a frame");
  }
  r = sw_rx_feed(&rx, 0, &f);
  CHECK(r == SW_ERR_MALFORMED, "overlong chunk reported as malformed (%d)", r);
  for (i = 0; i < 3; i++) {
    for (k = 0; k < n; k++) {
      r = sw_rx_feed(&rx, frame[k], &f);
      if (r == 1) {
        got++;
        CHECK(f.type == SW_TYPE_CMD_SET_RATE && f.u.rate_hz == 50, "set-rate fields");
      } else if (r < 0) {
        errors++;
      }
    }
    sw_rx_feed(&rx, 0, &f); /* an extra delimiter is harmless */
  }
  CHECK(got == 3 && errors == 0, "3 frames after noise, got %d (errors %d)", got, errors);
}

/* A receiver of one version drops the other's frames as such, whatever their type. */
static void test_other_version(void) {
  uint8_t frame[SW_MAX_WIRE];
  sw_frame_t f;
  sw_imu_t s;
  sw_status_t st;
  uint8_t v;
  memset(&s, 0, sizeof s);
  memset(&st, 0, sizeof st);
  s.seq = 7;
  s.ax = 100;
  st.battery_mv = 3700;
  for (v = SW_VERSION_1; v <= SW_VERSION_2; v++) {
    uint8_t other = v == SW_VERSION_1 ? SW_VERSION_2 : SW_VERSION_1;
    size_t n = sw_pack_imu(other, &s, frame);
    CHECK(n == SW_IMU_WIRE_V(other), "imu wire length v%u: %zu", other, n);
    CHECK(rx_wire(v, frame, n, &f) == SW_ERR_OTHER_VERSION, "v%u imu in v%u receiver", other,
        v);
    n = sw_pack_status(other, &st, frame);
    CHECK(rx_wire(v, frame, n, &f) == SW_ERR_OTHER_VERSION, "v%u status in v%u receiver",
        other, v);
    n = sw_pack_command(other, SW_TYPE_CMD_START, 0, frame);
    CHECK(rx_wire(v, frame, n, &f) == SW_ERR_OTHER_VERSION, "v%u start in v%u receiver",
        other, v);
    n = sw_pack_imu(v, &s, frame);
    CHECK(rx_wire(v, frame, n, &f) == SW_OK && f.u.imu.seq == 7 && f.u.imu.ax == 100,
        "v%u imu round trip", v);
  }
}

/*
 * Splices: the head of one sample frame glued to the tail of another, at every cut,
 * of exactly a frame's length (what a few dropped bytes around a lost delimiter make).
 * Version 2 must reject every one; version 1's CRC-16 lets about 2^-16 through, counted.
 */
static void test_splices(void) {
  uint8_t v;
  for (v = SW_VERSION_1; v <= SW_VERSION_2; v++) {
    long tried = 0;
    long passed = 0;
    int pair;
    for (pair = 0; pair < 20000; pair++) {
      uint8_t a[SW_MAX_WIRE];
      uint8_t b[SW_MAX_WIRE];
      uint8_t c[SW_MAX_WIRE];
      sw_imu_t s;
      sw_frame_t f;
      size_t na, nb, cut;
      memset(&s, 0, sizeof s);
      s.seq = (uint16_t)pair;
      s.time_us = (uint32_t)pair * 10000u;
      s.ax = (int16_t)(rnd() << 8 | rnd());
      s.az = (int16_t)(8192 + (rnd() & 0x3F));
      s.gx = (int16_t)(rnd() & 0x1F);
      na = sw_pack_imu(v, &s, a);
      s.seq++;
      s.time_us += 10000u;
      s.ax = (int16_t)(rnd() << 8 | rnd());
      s.gy = (int16_t)(rnd() & 0x1F);
      nb = sw_pack_imu(v, &s, b);
      if (na != nb) {
        continue;
      }
      for (cut = 1; cut + 1 < na; cut++) {
        memcpy(c, a, cut);
        memcpy(c + cut, b + cut, na - cut);
        if (memcmp(c, a, na) == 0 || memcmp(c, b, na) == 0) {
          continue;
        }
        tried++;
        if (rx_wire(v, c, na, &f) == SW_OK) {
          passed++;
        }
      }
    }
    printf("splices v%u: %ld of %ld passed the check\n", v, passed, tried);
    CHECK(tried > 400000, "splices v%u: only %ld tried", v, tried);
    if (v == SW_VERSION_2) {
      CHECK(passed == 0, "v2 let %ld splices through", passed);
    } else {
      CHECK(passed <= 2 * tried / 65536 + 3, "v1 let %ld splices through, more than the "
          "CRC-16 explains", passed);
    }
  }
}

static void test_saturation(void) {
  sw_imu_t s;
  memset(&s, 0, sizeof s);
  CHECK(sw_saturation_flags(&s) == 0, "no saturation");
  s.ay = -32768;
  CHECK(sw_saturation_flags(&s) == SW_FLAG_ACCEL_SATURATED, "accel saturation");
  s.gz = 32767;
  CHECK(sw_saturation_flags(&s) == 3, "both saturated");
}

int main(int argc, char **argv) {
  int vectors = 0;
  int i;
  if (argc < 2) {
    fprintf(stderr, "usage: %s firmware/test-vectors/protocol-v1.txt [protocol-v2.txt]\n",
        argv[0]);
    return 2;
  }
  test_crc_check_value();
  test_cobs_round_trip();
  test_rx_resync();
  test_other_version();
  test_splices();
  test_saturation();
  for (i = 1; i < argc; i++) {
    int n = run_vectors(argv[i]);
    CHECK(n >= 20, "only %d vectors read from %s", n, argv[i]);
    vectors += n;
  }
  printf("host C tests: %d vectors, %d checks, %d failures\n", vectors, checks, failures);
  return failures == 0 ? 0 : 1;
}
