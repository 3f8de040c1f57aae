/*
 * slumpwatch wire protocol, versions 1 and 2: the portable C core (COBS,
 * CRC-16/CCITT-FALSE, CRC-32/ISO-HDLC, frame packing and parsing). C99, no Arduino or AVR
 * dependency, no dynamic memory; the firmware and the host unit tests compile the same two
 * files.
 *
 * The byte layout is pinned by firmware/test-vectors/protocol-v1.txt and protocol-v2.txt
 * and by the Java reference in src/main/java/dev/slumpwatch/protocol/; the host test
 * checks this code against every vector in both files.
 *
 * Frame on the wire, version 1: COBS(type u8, payload, CRC16 LE) then 0x00;
 * version 2: COBS(type u8, payload, CRC16 LE, CRC32 LE) then 0x00, both CRCs over
 * type+payload. All multi-byte fields are little-endian. The firmware speaks SW_VERSION;
 * every function that packs or parses takes the version, so the host tests check both.
 */
#ifndef SLUMPWATCH_SWPROTO_H
#define SLUMPWATCH_SWPROTO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SW_VERSION_1 1
#define SW_VERSION_2 2
/* The version this firmware speaks and announces in its device-info frame. */
#define SW_VERSION SW_VERSION_2

#define SW_TYPE_IMU 0x01
#define SW_TYPE_INFO 0x02
#define SW_TYPE_STATUS 0x03
#define SW_TYPE_CMD_INFO 0x81
#define SW_TYPE_CMD_SET_RATE 0x82
#define SW_TYPE_CMD_START 0x83
#define SW_TYPE_CMD_STOP 0x84

#define SW_IMU_PAYLOAD 20
#define SW_STATUS_PAYLOAD 6
#define SW_INFO_FIXED_PAYLOAD 10
#define SW_MAX_STRING 24
#define SW_SET_RATE_PAYLOAD 2
/* Check bytes after the payload: CRC-16 (v1), CRC-16 and CRC-32 (v2). */
#define SW_TRAILER(version) ((version) == SW_VERSION_1 ? 2 : 6)
/* Largest body (type + payload + check) of a valid frame of either version: device info. */
#define SW_MAX_BODY (1 + SW_INFO_FIXED_PAYLOAD + 2 + 2 * SW_MAX_STRING + SW_TRAILER(2))
/* COBS adds one byte per 254 (bodies here are shorter: one byte), plus the delimiter. */
#define SW_MAX_WIRE (SW_MAX_BODY + 2)
/* An IMU-sample frame on the wire, delimiter included: 25 bytes (v1), 29 (v2). */
#define SW_IMU_WIRE_V(version) (1 + SW_IMU_PAYLOAD + SW_TRAILER(version) + 2)
#define SW_IMU_WIRE SW_IMU_WIRE_V(SW_VERSION)

#define SW_FLAG_ACCEL_SATURATED 0x01
#define SW_FLAG_GYRO_SATURATED 0x02
#define SW_FLAGS_DEFINED 0x03
#define SW_MAX_SENSORS 2
#define SW_MIN_RATE_HZ 1
#define SW_MAX_RATE_HZ 1000

/* Result of parsing a frame; the negative values are the reasons to drop it. */
#define SW_OK 0
#define SW_ERR_CRC (-1)
#define SW_ERR_MALFORMED (-2)
#define SW_ERR_UNKNOWN_TYPE (-3) /* check fine, type unknown: skip, not an error */
#define SW_ERR_OTHER_VERSION (-4) /* a valid frame of the other protocol version: drop */

typedef struct {
  uint16_t seq;
  uint32_t time_us; /* device clock, wraps every 2^32 us (71.6 min) */
  uint8_t sensor;   /* 0 upper back, 1 lower back */
  int16_t ax, ay, az, gx, gy, gz; /* raw counts */
  uint8_t flags;    /* SW_FLAG_* */
} sw_imu_t;

typedef struct {
  uint8_t version;
  uint8_t accel_g;   /* 2, 4, 8, 16 */
  uint16_t gyro_dps; /* 250, 500, 1000, 2000 */
  uint16_t rate_hz;
  uint32_t device_id;
  uint8_t firmware_len;
  char firmware[SW_MAX_STRING]; /* printable ASCII, not NUL-terminated */
  uint8_t model_len;
  char model[SW_MAX_STRING];
} sw_info_t;

typedef struct {
  uint16_t battery_mv; /* 0: not measured */
  uint32_t dropped;    /* samples not sent since power-up */
} sw_status_t;

/* A decoded frame of any type. */
typedef struct {
  uint8_t type;
  union {
    sw_imu_t imu;
    sw_info_t info;
    sw_status_t status;
    uint16_t rate_hz; /* SW_TYPE_CMD_SET_RATE */
  } u;
} sw_frame_t;

/* CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no xor-out). */
uint16_t sw_crc16(const uint8_t *data, size_t len);
uint16_t sw_crc16_update(uint16_t crc, uint8_t byte);

/*
 * CRC-32/ISO-HDLC, zlib's (poly 0x04C11DB7 reflected, init and xor-out 0xFFFFFFFF);
 * check value of "123456789": 0xCBF43926. A 16-entry nibble table, in flash on AVR.
 */
uint32_t sw_crc32(const uint8_t *data, size_t len);

/*
 * COBS-encodes len bytes into out and appends the 0x00 delimiter. out must hold
 * len + len/254 + 2 bytes. Returns the number of bytes written, delimiter included.
 */
size_t sw_cobs_encode(const uint8_t *in, size_t len, uint8_t *out);

/*
 * Decodes one COBS chunk (the bytes between two delimiters, delimiter excluded) into
 * out. Returns the decoded length, or -1 when the chunk is not valid COBS (a 0x00
 * inside it, a block running past its end) or does not fit in cap bytes.
 */
int sw_cobs_decode(const uint8_t *in, size_t len, uint8_t *out, size_t cap);

/*
 * Frame packers for protocol version (SW_VERSION_1 or SW_VERSION_2): build the body,
 * COBS-encode it into out (at least SW_MAX_WIRE bytes) with the trailing delimiter, and
 * return the wire length. The info packer returns 0 if a string is longer than
 * SW_MAX_STRING.
 */
size_t sw_pack_imu(uint8_t version, const sw_imu_t *s, uint8_t *out);
size_t sw_pack_info(uint8_t version, const sw_info_t *s, uint8_t *out);
size_t sw_pack_status(uint8_t version, const sw_status_t *s, uint8_t *out);
/* A host command; rate_hz is used by SW_TYPE_CMD_SET_RATE only. */
size_t sw_pack_command(uint8_t version, uint8_t type, uint16_t rate_hz, uint8_t *out);

/*
 * Checks a decoded body (type, payload, check) of protocol version the way the Java
 * FrameDecoder does: length for the type (a valid frame of the other version:
 * SW_ERR_OTHER_VERSION), the CRC(s), then field values (sensor index, reserved flag bits,
 * ranges, rate, printable strings, the announced version). Returns SW_OK and fills *f, or
 * one of the SW_ERR_* reasons.
 */
int sw_parse_body(uint8_t version, const uint8_t *body, size_t len, sw_frame_t *f);

/*
 * Byte-at-a-time receiver, for the device's command input. Bytes accumulate until a
 * 0x00; then the chunk is COBS-decoded and parsed. A chunk longer than any frame is
 * dropped whole (and reported as malformed at its delimiter).
 */
typedef struct {
  uint8_t buf[SW_MAX_WIRE];
  uint8_t len;
  uint8_t overflow;
  uint8_t version;
} sw_rx_t;

/* A receiver of frames of protocol version. */
void sw_rx_init(sw_rx_t *rx, uint8_t version);
/*
 * Feeds one byte. Returns 1 and fills *f when a valid frame completed, 0 when more bytes
 * are needed (or an empty chunk was skipped), or an SW_ERR_* value for a dropped chunk.
 */
int sw_rx_feed(sw_rx_t *rx, uint8_t byte, sw_frame_t *f);

/* Saturation flags from raw counts: an axis at the int16 limit may be clipped. */
uint8_t sw_saturation_flags(const sw_imu_t *s);

#ifdef __cplusplus
}
#endif

#endif
