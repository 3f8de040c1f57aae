/*
 * slumpwatch clip-on sensor: ATmega328P (Arduino Nano, Pro Mini 3.3 V / 8 MHz) with an
 * MPU-6050 at 0x68 and an optional second one at 0x69. Streams protocol v2 (see
 * docs/protocol.md and firmware/core/swproto.h) at 115200 baud: 29 bytes per sample
 * frame, so two sensors at 100 Hz take 5,800 B/s of the 11,520 B/s the line carries.
 *
 * Timing: Timer1 in CTC mode interrupts at the sample rate (100 Hz default); the ISR only
 * advances a microsecond clock by the exact timer period and counts a pending tick. The
 * main loop reads the sensors for each tick and sleeps (idle) in between, so the sample
 * timestamps are the timer's own schedule, free of jitter from I2C and serial. If the
 * loop ever falls a whole period behind, the missed slots are counted as dropped and
 * their sequence numbers are skipped, so the host sees the gap too.
 *
 * Behaviour:
 * - power-up: a device-info frame, then streaming (a host that never sends a command
 *   still gets data);
 * - commands: INFO answers device info + status; SET_RATE changes the rate and answers
 *   device info; START / STOP switch the stream; anything else is ignored;
 * - every second while streaming: a status frame (battery, dropped count);
 * - a sensor that stops answering (unplugged, bus hung) is marked offline; the bus is
 *   cleared and the sensor re-initialised every RETRY_MS, never by resetting the MCU;
 *   samples it could not give are counted as dropped (the status frame's count covers
 *   these as well as samples the UART had no room for);
 * - LED (pin 13): a short blink every second while streaming, every 3 s when stopped,
 *   fast (5 Hz) blinking while the upper-back sensor is missing.
 *
 * No watchdog: on a Nano with the old bootloader a watchdog reset never ends (the
 * bootloader does not clear WDRF), which would be exactly the reset loop to avoid; every
 * blocking step here is bounded by a timeout instead.
 */
#include <avr/eeprom.h>
#include <avr/interrupt.h>
#include <avr/sleep.h>
#include <util/atomic.h>

#include <swproto.h>

#include "mpu6050.h"
#include "twi.h"

#ifndef SW_BAUD
#define SW_BAUD 115200UL
#endif
#ifndef SW_DEFAULT_RATE_HZ
#define SW_DEFAULT_RATE_HZ 100
#endif
/* Battery voltage through a 1:2 divider on this analog pin; undefined: not measured. */
/* #define SW_BATTERY_PIN A0 */
#define SW_FIRMWARE_VERSION "2.0.0" /* major = protocol version */
#define LED_PIN 13
#define RETRY_MS 500
#define STATUS_MS 1000
#define EEPROM_DEVICE_ID ((uint32_t *)0)

struct sensor {
  uint8_t addr;
  uint8_t present; /* answered and configured */
  uint8_t seen;    /* was present once: its missing samples count as dropped */
  uint8_t who_am_i;
  uint32_t next_retry_ms;
};

static struct sensor sensors[SW_MAX_SENSORS] = {
    {MPU_ADDR_AD0_LOW, 0, 0, 0, 0},
    {MPU_ADDR_AD0_HIGH, 0, 0, 0, 0},
};

/* Written by the Timer1 ISR, read with interrupts off. */
static volatile uint32_t tick_time_us;
static volatile uint8_t ticks_pending;
static uint32_t period_us;

static uint16_t rate_hz = SW_DEFAULT_RATE_HZ;
static uint8_t streaming = 1;
static uint32_t dropped;
/* +1 per sampling tick, missed ticks included; both sensors of a tick share it
 * (docs/protocol.md section 2), so a gap in it is a gap in time */
static uint16_t tick_seq;
static uint32_t device_id;
static uint32_t last_status_ms;
static sw_rx_t rx;

ISR(TIMER1_COMPA_vect) {
  tick_time_us += period_us;
  if (ticks_pending != 0xFF) {
    ticks_pending++;
  }
}

/*
 * Timer1 (16 bit) in CTC mode at rate_hz: the smallest prescaler whose count fits in 16
 * bits, for the finest resolution. period_us is the exact period the timer produces
 * (integral for 8 and 16 MHz clocks), so timestamps do not drift against the timer.
 */
static void schedule(uint16_t hz) {
  static const uint16_t prescalers[] = {8, 64, 256, 1024};
  static const uint8_t cs_bits[] = {_BV(CS11), _BV(CS11) | _BV(CS10), _BV(CS12),
      _BV(CS12) | _BV(CS10)};
  uint8_t i;
  uint32_t counts = 0;
  for (i = 0; i < 4; i++) {
    counts = (F_CPU / prescalers[i] + hz / 2) / hz;
    if (counts <= 65536UL) {
      break;
    }
  }
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    TCCR1A = 0;
    TCCR1B = 0;
    TCNT1 = 0;
    OCR1A = (uint16_t)(counts - 1);
    period_us = counts * prescalers[i] / (F_CPU / 1000000UL);
    ticks_pending = 0;
    TIFR1 = _BV(OCF1A);
    TIMSK1 = _BV(OCIE1A);
    TCCR1B = _BV(WGM12) | cs_bits[i];
  }
  rate_hz = hz;
}

/* Queues a frame if the serial buffer has room; never blocks the sample schedule. */
static uint8_t send(const uint8_t *frame, size_t n) {
  if ((size_t)Serial.availableForWrite() < n) {
    return 0;
  }
  Serial.write(frame, n);
  return 1;
}

/* Control frames (info, status) may wait for room: they are rare and must not be lost. */
static void send_control(const uint8_t *frame, size_t n) {
  Serial.write(frame, n);
}

static void send_info(void) {
  static const char fw[] = SW_FIRMWARE_VERSION;
  uint8_t frame[SW_MAX_WIRE];
  sw_info_t info;
  const char *model = sensors[0].who_am_i == 0x68 || sensors[0].who_am_i == 0
      ? "MPU-6050" : "MPU-6500";
  info.version = SW_VERSION;
  info.accel_g = MPU_ACCEL_RANGE_G;
  info.gyro_dps = MPU_GYRO_RANGE_DPS;
  info.rate_hz = rate_hz;
  info.device_id = device_id;
  info.firmware_len = sizeof fw - 1;
  memcpy(info.firmware, fw, info.firmware_len);
  info.model_len = (uint8_t)strlen(model);
  memcpy(info.model, model, info.model_len);
  send_control(frame, sw_pack_info(SW_VERSION, &info, frame));
}

static uint16_t battery_mv(void) {
#ifdef SW_BATTERY_PIN
  /* Vcc from the 1.1 V bandgap, then the divided battery voltage against Vcc */
  uint16_t bg;
  uint32_t vcc_mv;
  ADMUX = _BV(REFS0) | 0x0E;
  delayMicroseconds(400);
  ADCSRA |= _BV(ADSC);
  while (ADCSRA & _BV(ADSC)) {
  }
  bg = ADC;
  if (bg == 0) {
    return 0;
  }
  vcc_mv = 1100UL * 1023UL / bg;
  return (uint16_t)(2UL * vcc_mv * (uint32_t)analogRead(SW_BATTERY_PIN) / 1023UL);
#else
  return 0; /* not measured */
#endif
}

static void send_status(void) {
  uint8_t frame[SW_MAX_WIRE];
  sw_status_t st;
  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    st.dropped = dropped;
  }
  st.battery_mv = battery_mv();
  send_control(frame, sw_pack_status(SW_VERSION, &st, frame));
}

/*
 * A per-board random id kept in EEPROM (the ATmega328P has no serial number), so the
 * host can tell two sensors apart. Made once, from timer and ADC noise.
 */
static uint32_t load_device_id(void) {
  uint32_t id = eeprom_read_dword(EEPROM_DEVICE_ID);
  uint8_t i;
  if (id != 0 && id != 0xFFFFFFFFUL) {
    return id;
  }
  id = 2166136261UL;
  for (i = 0; i < 32; i++) {
    id = (id ^ (uint32_t)analogRead(A7) ^ micros()) * 16777619UL;
  }
  if (id == 0 || id == 0xFFFFFFFFUL) {
    id = 0x5107C0DEUL;
  }
  eeprom_write_dword(EEPROM_DEVICE_ID, id);
  return id;
}

static void try_sensor(struct sensor *s, uint32_t now_ms) {
  if ((int32_t)(now_ms - s->next_retry_ms) < 0) {
    return;
  }
  s->next_retry_ms = now_ms + RETRY_MS;
  twi_recover();
  s->who_am_i = mpu_configure(s->addr);
  if (s->who_am_i != 0) {
    s->present = 1;
    s->seen = 1;
  }
}

static void handle(const sw_frame_t *f) {
  switch (f->type) {
    case SW_TYPE_CMD_INFO:
      send_info();
      send_status();
      break;
    case SW_TYPE_CMD_SET_RATE:
      schedule(f->u.rate_hz);
      send_info();
      break;
    case SW_TYPE_CMD_START:
      if (!streaming) {
        ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
          ticks_pending = 0;
        }
        streaming = 1;
      }
      break;
    case SW_TYPE_CMD_STOP:
      streaming = 0;
      break;
    default:
      break; /* device-to-host types echoed back, or a newer command: ignore */
  }
}

static void sample(uint32_t t_us, uint8_t missed) {
  uint8_t i;
  uint16_t seq;
  tick_seq += missed;
  seq = tick_seq++;
  for (i = 0; i < SW_MAX_SENSORS; i++) {
    struct sensor *s = &sensors[i];
    mpu_reading_t r;
    sw_imu_t m;
    uint8_t frame[SW_IMU_WIRE];
    if (!s->present) {
      if (s->seen) {
        dropped += 1u + missed;
      }
      continue;
    }
    dropped += missed;
    if (mpu_read(s->addr, &r) != 0) {
      /* unplugged or bus hung: recover from the main loop, not here */
      s->present = 0;
      s->next_retry_ms = millis();
      dropped++;
      continue;
    }
    m.seq = seq;
    m.time_us = t_us;
    m.sensor = i;
    m.ax = r.ax;
    m.ay = r.ay;
    m.az = r.az;
    m.gx = r.gx;
    m.gy = r.gy;
    m.gz = r.gz;
    m.flags = sw_saturation_flags(&m);
    if (!send(frame, sw_pack_imu(SW_VERSION, &m, frame))) {
      dropped++; /* the link is slower than the data (rate too high for the baud rate) */
    }
  }
}

static void blink(uint32_t now_ms) {
  uint8_t on;
  if (!sensors[0].present) {
    on = (now_ms / 100) & 1;
  } else if (streaming) {
    on = now_ms % 1000 < 50;
  } else {
    on = now_ms % 3000 < 50;
  }
  digitalWrite(LED_PIN, on ? HIGH : LOW);
}

void setup() {
  uint8_t i;
  pinMode(LED_PIN, OUTPUT);
  Serial.begin(SW_BAUD);
  sw_rx_init(&rx, SW_VERSION);
  twi_init(400000UL);
  device_id = load_device_id();
  for (i = 0; i < SW_MAX_SENSORS; i++) {
    mpu_reset(sensors[i].addr);
    try_sensor(&sensors[i], millis());
  }
  schedule(SW_DEFAULT_RATE_HZ);
  send_info();
}

void loop() {
  uint8_t pending;
  uint32_t t_us;
  uint32_t now_ms = millis();
  uint8_t i;
  sw_frame_t f;

  while (Serial.available() > 0) {
    if (sw_rx_feed(&rx, (uint8_t)Serial.read(), &f) == 1) {
      handle(&f);
    }
  }

  ATOMIC_BLOCK(ATOMIC_RESTORESTATE) {
    pending = ticks_pending;
    ticks_pending = 0;
    t_us = tick_time_us;
  }
  if (pending > 0 && streaming) {
    /* the latest tick is sampled; older ones are gone (their slot has passed) */
    sample(t_us, (uint8_t)(pending - 1));
  }

  for (i = 0; i < SW_MAX_SENSORS; i++) {
    if (!sensors[i].present) {
      try_sensor(&sensors[i], now_ms);
    }
  }
  if (streaming && now_ms - last_status_ms >= STATUS_MS) {
    last_status_ms = now_ms;
    send_status();
  }
  blink(now_ms);

  /* idle until the next interrupt (timer tick, serial byte, millis): saves power */
  cli();
  if (ticks_pending == 0 && Serial.available() == 0) {
    set_sleep_mode(SLEEP_MODE_IDLE);
    sleep_enable();
    sei();
    sleep_cpu();
    sleep_disable();
  }
  sei();
}
