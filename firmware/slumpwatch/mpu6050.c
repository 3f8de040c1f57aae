/* MPU-6050 set-up and read: see mpu6050.h. */
#include "mpu6050.h"

#include <util/delay.h>

#include "twi.h"

void mpu_reset(uint8_t addr) {
  uint8_t v = 0x80; /* PWR_MGMT_1.DEVICE_RESET */
  twi_write_regs(addr, MPU_REG_PWR_MGMT_1, &v, 1);
  _delay_ms(100);
}

uint8_t mpu_configure(uint8_t addr) {
  /*
   * SMPLRT_DIV 0: the sensor updates its output registers at 1 kHz (the gyro rate with
   * the DLPF on), so the 100 Hz read always gets a sample at most 1 ms old instead of
   * beating against a 100 Hz internal clock that drifts against ours.
   * CONFIG 3: DLPF 44 Hz accel / 42 Hz gyro, below the 50 Hz Nyquist limit of 100 Hz.
   * GYRO_CONFIG 0x08: +-500 deg/s. ACCEL_CONFIG 0x08: +-4 g.
   */
  static const uint8_t cfg[4] = {0x00, 0x03, 0x08, 0x08}; /* 0x19..0x1C */
  uint8_t back[4];
  uint8_t v;
  uint8_t who;
  uint8_t i;
  if (twi_read_regs(addr, MPU_REG_WHO_AM_I, &who, 1) != TWI_OK) {
    return 0;
  }
  /* 0x68 MPU-6050; 0x70/0x71/0x73 MPU-6500/9250/9255 clones sold as "GY-521" */
  if (who != 0x68 && who != 0x70 && who != 0x71 && who != 0x73) {
    return 0;
  }
  v = 0x01; /* awake, clock from the X gyro PLL (more stable than the 8 MHz RC) */
  if (twi_write_regs(addr, MPU_REG_PWR_MGMT_1, &v, 1) != TWI_OK) {
    return 0;
  }
  _delay_us(500);
  if (twi_write_regs(addr, MPU_REG_SMPLRT_DIV, cfg, 4) != TWI_OK) {
    return 0;
  }
  v = 0x00; /* no interrupts: Timer1 paces the samples */
  if (twi_write_regs(addr, MPU_REG_INT_ENABLE, &v, 1) != TWI_OK) {
    return 0;
  }
  if (twi_read_regs(addr, MPU_REG_SMPLRT_DIV, back, 4) != TWI_OK) {
    return 0;
  }
  for (i = 0; i < 4; i++) {
    /* compare the bits written; FCHOICE/self-test bits read back as 0 */
    if ((back[i] & 0x1F) != (cfg[i] & 0x1F)) {
      return 0;
    }
  }
  return who;
}

static int16_t be16(const uint8_t *b) {
  return (int16_t)((uint16_t)b[0] << 8 | b[1]);
}

int8_t mpu_read(uint8_t addr, mpu_reading_t *r) {
  uint8_t b[14]; /* ACCEL_XOUT_H .. GYRO_ZOUT_L, temperature in the middle */
  int8_t e = twi_read_regs(addr, MPU_REG_ACCEL_XOUT_H, b, sizeof b);
  if (e != TWI_OK) {
    return e;
  }
  r->ax = be16(b);
  r->ay = be16(b + 2);
  r->az = be16(b + 4);
  r->gx = be16(b + 8);
  r->gy = be16(b + 10);
  r->gz = be16(b + 12);
  return 0;
}
