/* slumpwatch wire protocol v1 and v2, portable C core: see swproto.h. */
#include "swproto.h"

#include <string.h>

#ifdef __AVR__
#include <avr/pgmspace.h>
#define SW_FLASH PROGMEM
#define SW_FLASH_U32(p) pgm_read_dword(p)
#else
#define SW_FLASH
#define SW_FLASH_U32(p) (*(p))
#endif

uint16_t sw_crc16_update(uint16_t crc, uint8_t byte) {
  uint8_t i;
  crc ^= (uint16_t)byte << 8;
  for (i = 0; i < 8; i++) {
    crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
  }
  return crc;
}

uint16_t sw_crc16(const uint8_t *data, size_t len) {
  uint16_t crc = 0xFFFFu;
  size_t i;
  for (i = 0; i < len; i++) {
    crc = sw_crc16_update(crc, data[i]);
  }
  return crc;
}

/*
 * CRC-32 four bits at a time: a 16-entry table (64 bytes; in flash on AVR) instead of
 * eight shift-and-xor steps per byte. On an ATmega328P at 16 MHz this takes about a third
 * of the bitwise form's time (docs/protocol.md section 6 has the figures).
 */
static const uint32_t crc32_nibble[16] SW_FLASH = {
    0x00000000UL, 0x1DB71064UL, 0x3B6E20C8UL, 0x26D930ACUL,
    0x76DC4190UL, 0x6B6B51F4UL, 0x4DB26158UL, 0x5005713CUL,
    0xEDB88320UL, 0xF00F9344UL, 0xD6D6A3E8UL, 0xCB61B38CUL,
    0x9B64C2B0UL, 0x86D3D2D4UL, 0xA00AE278UL, 0xBDBDF21CUL};

uint32_t sw_crc32(const uint8_t *data, size_t len) {
  uint32_t crc = 0xFFFFFFFFUL;
  size_t i;
  for (i = 0; i < len; i++) {
    crc ^= data[i];
    crc = (crc >> 4) ^ SW_FLASH_U32(&crc32_nibble[crc & 0x0F]);
    crc = (crc >> 4) ^ SW_FLASH_U32(&crc32_nibble[crc & 0x0F]);
  }
  return ~crc;
}

size_t sw_cobs_encode(const uint8_t *in, size_t len, uint8_t *out) {
  size_t code_at = 0; /* where the current block's code byte goes */
  size_t o = 1;
  uint8_t code = 1;
  size_t i;
  for (i = 0; i < len; i++) {
    if (in[i] == 0) {
      out[code_at] = code;
      code_at = o++;
      code = 1;
    } else {
      out[o++] = in[i];
      code++;
      if (code == 0xFF) {
        out[code_at] = code;
        code_at = o++;
        code = 1;
      }
    }
  }
  out[code_at] = code;
  out[o++] = 0;
  return o;
}

int sw_cobs_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap) {
  size_t i = 0;
  size_t n = 0;
  while (i < len) {
    uint8_t code = in[i++];
    uint8_t k;
    if (code == 0) {
      return -1;
    }
    for (k = 1; k < code; k++) {
      if (i >= len || in[i] == 0 || n >= cap) {
        return -1; /* block runs past the chunk, or a delimiter inside it */
      }
      out[n++] = in[i++];
    }
    if (code != 0xFF && i < len) {
      if (n >= cap) {
        return -1;
      }
      out[n++] = 0;
    }
  }
  return (int)n;
}

static void put16(uint8_t *b, uint16_t v) {
  b[0] = (uint8_t)v;
  b[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *b, uint32_t v) {
  b[0] = (uint8_t)v;
  b[1] = (uint8_t)(v >> 8);
  b[2] = (uint8_t)(v >> 16);
  b[3] = (uint8_t)(v >> 24);
}

static uint16_t get16(const uint8_t *b) {
  return (uint16_t)(b[0] | (uint16_t)b[1] << 8);
}

static uint32_t get32(const uint8_t *b) {
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/*
 * Appends the check of version to a body of len bytes (room for SW_TRAILER bytes more)
 * and COBS-encodes it into out.
 */
static size_t finish(uint8_t version, uint8_t *body, size_t len, uint8_t *out) {
  put16(body + len, sw_crc16(body, len));
  if (version != SW_VERSION_1) {
    put32(body + len + 2, sw_crc32(body, len));
  }
  return sw_cobs_encode(body, len + SW_TRAILER(version), out);
}

size_t sw_pack_imu(uint8_t version, const sw_imu_t *s, uint8_t *out) {
  uint8_t b[1 + SW_IMU_PAYLOAD + SW_TRAILER(2)];
  b[0] = SW_TYPE_IMU;
  put16(b + 1, s->seq);
  put32(b + 3, s->time_us);
  b[7] = s->sensor;
  put16(b + 8, (uint16_t)s->ax);
  put16(b + 10, (uint16_t)s->ay);
  put16(b + 12, (uint16_t)s->az);
  put16(b + 14, (uint16_t)s->gx);
  put16(b + 16, (uint16_t)s->gy);
  put16(b + 18, (uint16_t)s->gz);
  b[20] = s->flags;
  return finish(version, b, 1 + SW_IMU_PAYLOAD, out);
}

size_t sw_pack_info(uint8_t version, const sw_info_t *s, uint8_t *out) {
  uint8_t b[SW_MAX_BODY];
  size_t n;
  if (s->firmware_len > SW_MAX_STRING || s->model_len > SW_MAX_STRING) {
    return 0;
  }
  b[0] = SW_TYPE_INFO;
  b[1] = s->version;
  b[2] = s->accel_g;
  put16(b + 3, s->gyro_dps);
  put16(b + 5, s->rate_hz);
  put32(b + 7, s->device_id);
  n = 11;
  b[n++] = s->firmware_len;
  memcpy(b + n, s->firmware, s->firmware_len);
  n += s->firmware_len;
  b[n++] = s->model_len;
  memcpy(b + n, s->model, s->model_len);
  n += s->model_len;
  return finish(version, b, n, out);
}

size_t sw_pack_status(uint8_t version, const sw_status_t *s, uint8_t *out) {
  uint8_t b[1 + SW_STATUS_PAYLOAD + SW_TRAILER(2)];
  b[0] = SW_TYPE_STATUS;
  put16(b + 1, s->battery_mv);
  put32(b + 3, s->dropped);
  return finish(version, b, 1 + SW_STATUS_PAYLOAD, out);
}

size_t sw_pack_command(uint8_t version, uint8_t type, uint16_t rate_hz, uint8_t *out) {
  uint8_t b[1 + SW_SET_RATE_PAYLOAD + SW_TRAILER(2)];
  size_t n = 1;
  b[0] = type;
  if (type == SW_TYPE_CMD_SET_RATE) {
    put16(b + 1, rate_hz);
    n += SW_SET_RATE_PAYLOAD;
  }
  return finish(version, b, n, out);
}

static int printable(const uint8_t *s, size_t len) {
  size_t i;
  for (i = 0; i < len; i++) {
    if (s[i] < 0x20 || s[i] > 0x7E) {
      return 0;
    }
  }
  return 1;
}

/*
 * The body length a frame of this type must have with a check of trailer bytes; 0 for an
 * impossible one, -1 for an unknown type.
 */
static long expected_length(const uint8_t *b, size_t len, size_t trailer) {
  switch (b[0]) {
    case SW_TYPE_IMU:
      return (long)(1 + SW_IMU_PAYLOAD + trailer);
    case SW_TYPE_STATUS:
      return (long)(1 + SW_STATUS_PAYLOAD + trailer);
    case SW_TYPE_CMD_INFO:
    case SW_TYPE_CMD_START:
    case SW_TYPE_CMD_STOP:
      return (long)(1 + trailer);
    case SW_TYPE_CMD_SET_RATE:
      return (long)(1 + SW_SET_RATE_PAYLOAD + trailer);
    case SW_TYPE_INFO: {
      size_t fixed = 1 + SW_INFO_FIXED_PAYLOAD;
      size_t fw, model_at, model;
      if (len < fixed + 1 + 1 + trailer) {
        return 0;
      }
      fw = b[fixed];
      model_at = fixed + 1 + fw;
      if (fw > SW_MAX_STRING || model_at >= len - trailer) {
        return 0;
      }
      model = b[model_at];
      return model > SW_MAX_STRING ? 0 : (long)(model_at + 1 + model + trailer);
    }
    default:
      return -1;
  }
}

/* The check of a body of len bytes ending in trailer check bytes: 1 when it matches. */
static int check_ok(const uint8_t *b, size_t len, size_t trailer) {
  size_t data = len - trailer;
  if (sw_crc16(b, data) != get16(b + data)) {
    return 0;
  }
  return trailer == SW_TRAILER(SW_VERSION_1) || sw_crc32(b, data) == get32(b + data + 2);
}

int sw_parse_body(uint8_t version, const uint8_t *b, size_t len, sw_frame_t *f) {
  long expected;
  size_t trailer = SW_TRAILER(version);
  size_t other = SW_TRAILER(version == SW_VERSION_1 ? SW_VERSION_2 : SW_VERSION_1);
  expected = len < 1 + trailer ? 0 : expected_length(b, len, trailer);
  if (expected < 0) {
    return check_ok(b, len, trailer) ? SW_ERR_UNKNOWN_TYPE : SW_ERR_CRC;
  }
  if ((size_t)expected != len) {
    /* too short, or the wrong length for its type: a frame of the other version? */
    if (len >= 1 + other && expected_length(b, len, other) == (long)len
        && check_ok(b, len, other)) {
      return SW_ERR_OTHER_VERSION;
    }
    return SW_ERR_MALFORMED;
  }
  if (!check_ok(b, len, trailer)) {
    return SW_ERR_CRC;
  }
  memset(f, 0, sizeof *f);
  f->type = b[0];
  switch (b[0]) {
    case SW_TYPE_IMU: {
      sw_imu_t *s = &f->u.imu;
      s->seq = get16(b + 1);
      s->time_us = get32(b + 3);
      s->sensor = b[7];
      s->ax = (int16_t)get16(b + 8);
      s->ay = (int16_t)get16(b + 10);
      s->az = (int16_t)get16(b + 12);
      s->gx = (int16_t)get16(b + 14);
      s->gy = (int16_t)get16(b + 16);
      s->gz = (int16_t)get16(b + 18);
      s->flags = b[20];
      if (s->sensor >= SW_MAX_SENSORS || (s->flags & ~SW_FLAGS_DEFINED) != 0) {
        return SW_ERR_MALFORMED;
      }
      return SW_OK;
    }
    case SW_TYPE_INFO: {
      sw_info_t *s = &f->u.info;
      s->version = b[1];
      s->accel_g = b[2];
      s->gyro_dps = get16(b + 3);
      s->rate_hz = get16(b + 5);
      s->device_id = get32(b + 7);
      s->firmware_len = b[11];
      memcpy(s->firmware, b + 12, s->firmware_len);
      s->model_len = b[12 + s->firmware_len];
      memcpy(s->model, b + 13 + s->firmware_len, s->model_len);
      /* v1 frames announce 1 (or later, as v1 allowed); v2 frames exactly 2 */
      if ((version == SW_VERSION_1 ? s->version < 1 : s->version != SW_VERSION_2)
          || !(s->accel_g == 2 || s->accel_g == 4 || s->accel_g == 8 || s->accel_g == 16)
          || !(s->gyro_dps == 250 || s->gyro_dps == 500 || s->gyro_dps == 1000
              || s->gyro_dps == 2000)
          || s->rate_hz < SW_MIN_RATE_HZ || s->rate_hz > SW_MAX_RATE_HZ
          || !printable((const uint8_t *)s->firmware, s->firmware_len)
          || !printable((const uint8_t *)s->model, s->model_len)) {
        return SW_ERR_MALFORMED;
      }
      return SW_OK;
    }
    case SW_TYPE_STATUS:
      f->u.status.battery_mv = get16(b + 1);
      f->u.status.dropped = get32(b + 3);
      return SW_OK;
    case SW_TYPE_CMD_SET_RATE:
      f->u.rate_hz = get16(b + 1);
      if (f->u.rate_hz < SW_MIN_RATE_HZ || f->u.rate_hz > SW_MAX_RATE_HZ) {
        return SW_ERR_MALFORMED;
      }
      return SW_OK;
    default:
      return SW_OK; /* info, start, stop: no payload */
  }
}

void sw_rx_init(sw_rx_t *rx, uint8_t version) {
  rx->len = 0;
  rx->overflow = 0;
  rx->version = version;
}

int sw_rx_feed(sw_rx_t *rx, uint8_t byte, sw_frame_t *f) {
  uint8_t body[SW_MAX_BODY];
  int n;
  int r;
  if (byte != 0) {
    if (rx->len < sizeof rx->buf) {
      rx->buf[rx->len++] = byte;
    } else {
      rx->overflow = 1;
    }
    return 0;
  }
  if (rx->len == 0 && !rx->overflow) {
    return 0; /* back-to-back delimiters: an empty chunk, not an error */
  }
  n = rx->overflow ? -1 : sw_cobs_decode(rx->buf, rx->len, body, sizeof body);
  rx->len = 0;
  rx->overflow = 0;
  if (n < 0) {
    return SW_ERR_MALFORMED;
  }
  r = sw_parse_body(rx->version, body, (size_t)n, f);
  return r == SW_OK ? 1 : r;
}

static int at_limit(int16_t v) {
  return v == INT16_MAX || v == INT16_MIN;
}

uint8_t sw_saturation_flags(const sw_imu_t *s) {
  uint8_t f = 0;
  if (at_limit(s->ax) || at_limit(s->ay) || at_limit(s->az)) {
    f |= SW_FLAG_ACCEL_SATURATED;
  }
  if (at_limit(s->gx) || at_limit(s->gy) || at_limit(s->gz)) {
    f |= SW_FLAG_GYRO_SATURATED;
  }
  return f;
}
