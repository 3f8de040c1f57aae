/*
 * A small interrupt-driven TWI (I2C) master for the ATmega328P with a timeout on every bus
 * operation, used instead of the Wire library so that a sensor that is unplugged, or a
 * bus held low by a half-finished transfer, costs a bounded time and is recovered
 * explicitly (twi_recover) instead of hanging the sketch.
 */
#ifndef SLUMPWATCH_TWI_H
#define SLUMPWATCH_TWI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TWI_OK 0
#define TWI_ERR_NACK (-1)    /* no device at that address (or it refused a byte) */
#define TWI_ERR_TIMEOUT (-2) /* the bus did not complete a step in time: hung or noisy */
#define TWI_ERR_BUS (-3)     /* bus error or lost arbitration */

/* Enables the TWI at the given SCL frequency (100000 or 400000). */
void twi_init(uint32_t scl_hz);

/* Writes n bytes to consecutive registers starting at reg. */
int8_t twi_write_regs(uint8_t addr, uint8_t reg, const uint8_t *data, uint8_t n);

/* Reads n bytes from consecutive registers starting at reg (repeated start). */
int8_t twi_read_regs(uint8_t addr, uint8_t reg, uint8_t *data, uint8_t n);

/*
 * Frees a hung bus: disables the TWI, clocks SCL by hand until a slave stuck in the
 * middle of a byte lets SDA go (at most 9 clocks), sends a STOP, and re-enables the
 * TWI. Returns 1 if SDA is high (the bus is free) afterwards.
 */
uint8_t twi_recover(void);

#ifdef __cplusplus
}
#endif

#endif
