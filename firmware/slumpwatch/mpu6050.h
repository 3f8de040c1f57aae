/*
 * MPU-6050 (and register-compatible MPU-6500 family) set-up and burst read over twi.c.
 * Register numbers from the MPU-6000/MPU-6050 Register Map and Descriptions, rev 4.2.
 */
#ifndef SLUMPWATCH_MPU6050_H
#define SLUMPWATCH_MPU6050_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MPU_ADDR_AD0_LOW 0x68  /* upper-back sensor */
#define MPU_ADDR_AD0_HIGH 0x69 /* optional lower-back sensor, AD0 wired to VCC */

#define MPU_REG_SMPLRT_DIV 0x19
#define MPU_REG_CONFIG 0x1A
#define MPU_REG_GYRO_CONFIG 0x1B
#define MPU_REG_ACCEL_CONFIG 0x1C
#define MPU_REG_INT_ENABLE 0x38
#define MPU_REG_ACCEL_XOUT_H 0x3B
#define MPU_REG_PWR_MGMT_1 0x6B
#define MPU_REG_WHO_AM_I 0x75

/* The ranges the host assumes by default (SensorScale.DEFAULT): +-4 g, +-500 deg/s. */
#define MPU_ACCEL_RANGE_G 4
#define MPU_GYRO_RANGE_DPS 500

typedef struct {
  int16_t ax, ay, az, gx, gy, gz;
} mpu_reading_t;

/* Soft reset; call once at power-up. Blocks 100 ms (the reset time in the data sheet). */
void mpu_reset(uint8_t addr);

/*
 * Wakes the sensor and writes the configuration, then reads it back. Safe to call on a
 * sensor that was just plugged in (power-on state: asleep). Returns the WHO_AM_I value
 * (0x68 for an MPU-6050) on success, 0 if the sensor is absent or did not take the
 * configuration.
 */
uint8_t mpu_configure(uint8_t addr);

/* Reads accelerometer and gyroscope in one burst (consistent sample). 0 on success. */
int8_t mpu_read(uint8_t addr, mpu_reading_t *r);

#ifdef __cplusplus
}
#endif

#endif
