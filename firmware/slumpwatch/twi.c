/*
 * Interrupt-driven TWI master with timeouts and bus recovery: see twi.h.
 *
 * A whole transaction (SLA+W, register, data or repeated start + SLA+R + data, STOP) is
 * run by the TWI interrupt as a small state machine (the scheme of Atmel's AVR315); the
 * caller waits for it in idle sleep with a deadline. A transaction that does not finish
 * by then (SCL held low, a slave stuck mid-byte) is aborted by switching the TWI off,
 * and the caller recovers the bus with twi_recover().
 */
#include "twi.h"

#include <Arduino.h>
#include <avr/interrupt.h>
#include <avr/io.h>
#include <avr/sleep.h>
#include <util/delay.h>
#include <util/twi.h>

/*
 * A 14-byte burst at 400 kHz takes about 0.4 ms; at 100 kHz 1.6 ms. 3 ms is beyond any
 * legitimate transaction and short enough that a dead bus costs at most one sample slot.
 */
#define TWI_TIMEOUT_US 3000u

/* SDA and SCL of the ATmega328P: PC4 (A4) and PC5 (A5). */
#define SDA_BIT PC4
#define SCL_BIT PC5

#define CR_RUN (_BV(TWEN) | _BV(TWIE) | _BV(TWINT))

enum { PH_ADDR_W, PH_REG, PH_DATA_W, PH_ADDR_R, PH_DATA_R };

static uint32_t twi_scl_hz = 400000UL;
static volatile uint8_t busy;
static volatile int8_t result;
static volatile uint8_t phase;
static uint8_t sla;
static uint8_t reg_addr;
static const uint8_t *wbuf;
static uint8_t *rbuf;
static uint8_t len;
static volatile uint8_t idx;

void twi_init(uint32_t scl_hz) {
  twi_scl_hz = scl_hz;
  /* internal pull-ups help a bare bus; the GY-521 board has 4.7 k pull-ups of its own */
  DDRC &= (uint8_t) ~(_BV(SDA_BIT) | _BV(SCL_BIT));
  PORTC |= _BV(SDA_BIT) | _BV(SCL_BIT);
  TWSR = 0; /* prescaler 1 */
  TWBR = (uint8_t)(((F_CPU / scl_hz) - 16) / 2);
  TWCR = _BV(TWEN);
  busy = 0;
}

static void finish(int8_t r) {
  result = r;
  TWCR = _BV(TWEN) | _BV(TWINT) | _BV(TWSTO); /* STOP, interrupt off */
  busy = 0;
}

ISR(TWI_vect) {
  uint8_t s = TW_STATUS;
  switch (s) {
    case TW_START:
    case TW_REP_START:
      TWDR = phase == PH_ADDR_R ? (uint8_t)(sla << 1 | TW_READ) : (uint8_t)(sla << 1);
      TWCR = CR_RUN;
      return;
    case TW_MT_SLA_ACK:
    case TW_MT_DATA_ACK:
      /*
       * simavr 1.6 (Debian 12) reports an acknowledged SLA+W as 0x28 (data ACK) instead
       * of 0x18, so both are handled by phase, not by status; on real hardware the
       * status and the phase always agree.
       */
      if (phase == PH_ADDR_W) {
        phase = PH_REG;
        TWDR = reg_addr;
        TWCR = CR_RUN;
      } else if (wbuf != 0 && idx < len) {
        phase = PH_DATA_W;
        TWDR = wbuf[idx++];
        TWCR = CR_RUN;
      } else if (rbuf != 0) {
        phase = PH_ADDR_R;
        TWCR = CR_RUN | _BV(TWSTA); /* repeated start */
      } else {
        finish(TWI_OK);
      }
      return;
    case TW_MR_SLA_ACK:
      phase = PH_DATA_R;
      TWCR = len > 1 ? CR_RUN | _BV(TWEA) : CR_RUN;
      return;
    case TW_MR_DATA_ACK:
      rbuf[idx++] = TWDR;
      TWCR = (uint8_t)(idx + 1 < len ? CR_RUN | _BV(TWEA) : CR_RUN); /* NACK the last */
      return;
    case TW_MR_DATA_NACK:
      rbuf[idx++] = TWDR;
      finish(idx == len ? TWI_OK : TWI_ERR_BUS);
      return;
    case TW_MT_SLA_NACK:
    case TW_MR_SLA_NACK:
    case TW_MT_DATA_NACK:
      finish(TWI_ERR_NACK);
      return;
    default: /* arbitration lost, bus error */
      finish(TWI_ERR_BUS);
      return;
  }
}

static int8_t run(uint8_t addr, uint8_t reg, const uint8_t *w, uint8_t *r, uint8_t n) {
  uint16_t start;
  sla = addr;
  reg_addr = reg;
  wbuf = w;
  rbuf = r;
  len = n;
  idx = 0;
  phase = PH_ADDR_W;
  result = TWI_ERR_TIMEOUT;
  busy = 1;
  TWCR = CR_RUN | _BV(TWSTA);
  start = (uint16_t)micros();
  for (;;) {
    /* idle until the TWI (or Timer0, every ms) interrupt: the deadline is still seen */
    cli();
    if (!busy) {
      sei();
      break;
    }
    set_sleep_mode(SLEEP_MODE_IDLE);
    sleep_enable();
    sei();
    sleep_cpu();
    sleep_disable();
    if (busy && (uint16_t)((uint16_t)micros() - start) > TWI_TIMEOUT_US) {
      TWCR = 0; /* abort: the TWI lets go of the pins */
      busy = 0;
      return TWI_ERR_TIMEOUT;
    }
  }
  /* the STOP is sent by hardware after the interrupt; wait for it, bounded */
  start = (uint16_t)micros();
  while ((TWCR & _BV(TWSTO)) && (uint16_t)((uint16_t)micros() - start) < 200u) {
  }
  return result;
}

int8_t twi_write_regs(uint8_t addr, uint8_t reg, const uint8_t *data, uint8_t n) {
  return run(addr, reg, data, 0, n);
}

int8_t twi_read_regs(uint8_t addr, uint8_t reg, uint8_t *data, uint8_t n) {
  return run(addr, reg, 0, data, n);
}

/* Open-drain by hand: drive low (output, 0) or release (input with pull-up). */
static void line(uint8_t bit, uint8_t high) {
  if (high) {
    DDRC &= (uint8_t)~_BV(bit);
    PORTC |= _BV(bit);
  } else {
    PORTC &= (uint8_t)~_BV(bit);
    DDRC |= _BV(bit);
  }
}

uint8_t twi_recover(void) {
  uint8_t i;
  uint8_t free_bus;
  TWCR = 0; /* hand the pins back to the port */
  line(SDA_BIT, 1);
  line(SCL_BIT, 1);
  _delay_us(5);
  /* a slave that was sending a 0 holds SDA until it has clocked out its byte */
  for (i = 0; i < 9 && !(PINC & _BV(SDA_BIT)); i++) {
    line(SCL_BIT, 0);
    _delay_us(5);
    line(SCL_BIT, 1);
    _delay_us(5);
  }
  /* STOP: SDA rises while SCL is high */
  line(SDA_BIT, 0);
  _delay_us(5);
  line(SCL_BIT, 1);
  _delay_us(5);
  line(SDA_BIT, 1);
  _delay_us(5);
  free_bus = (uint8_t)((PINC & _BV(SDA_BIT)) != 0);
  twi_init(twi_scl_hz);
  return free_bus;
}
