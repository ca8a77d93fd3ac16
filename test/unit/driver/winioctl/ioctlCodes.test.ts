import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  CHANGER_IOCTLS,
  ctlCode,
  FileAccess,
  FileDevice,
  IOCTL_CHANGER_EXCHANGE_MEDIUM,
  IOCTL_CHANGER_GET_ELEMENT_STATUS,
  IOCTL_CHANGER_GET_PARAMETERS,
  IOCTL_CHANGER_GET_PRODUCT_DATA,
  IOCTL_CHANGER_GET_STATUS,
  IOCTL_CHANGER_INITIALIZE_ELEMENT_STATUS,
  IOCTL_CHANGER_MOVE_MEDIUM,
  IOCTL_CHANGER_QUERY_VOLUME_TAGS,
  IOCTL_CHANGER_REINITIALIZE_TRANSPORT,
  IOCTL_CHANGER_SET_ACCESS,
  IOCTL_CHANGER_SET_POSITION,
  IOCTL_STORAGE_CHECK_VERIFY,
  IOCTL_STORAGE_CHECK_VERIFY2,
  IOCTL_STORAGE_EJECT_MEDIA,
  IOCTL_STORAGE_GET_DEVICE_NUMBER,
  IOCTL_STORAGE_GET_MEDIA_TYPES,
  IOCTL_STORAGE_GET_MEDIA_TYPES_EX,
  IOCTL_STORAGE_LOAD_MEDIA,
  IOCTL_STORAGE_MEDIA_REMOVAL,
  IOCTL_STORAGE_RELEASE,
  IOCTL_STORAGE_RESERVE,
  ioctlByCode,
  ioctlName,
  Method,
  parseCtlCode,
  STORAGE_IOCTLS,
} from '../../../../src/driver/winioctl/index.ts';
import { assertFormatError } from './fixtures.ts';

describe('CTL_CODE', () => {
  it('packs device type, access, function and method as winioctl.h does', () => {
    assert.equal(ctlCode(0x30, 0x0004, 0, 3), 0x0030c010);
    assert.equal(ctlCode(0x2d, 0x0301, 0, 0), 0x002d0c04);
  });

  it('stays an unsigned ULONG for device types with the high bit set', () => {
    assert.equal(ctlCode(0xffff, 0xfff, 3, 3), 0xffffffff);
  });

  it('refuses parts that do not fit their bits', () => {
    assertFormatError(() => ctlCode(0x10000, 0, 0, 0), 'CTL_CODE', /DeviceType/);
    assertFormatError(() => ctlCode(0x30, 0x1000, 0, 0), 'CTL_CODE', /Function/);
    assertFormatError(() => ctlCode(0x30, 0, 4, 0), 'CTL_CODE', /Method/);
    assertFormatError(() => ctlCode(0x30, 0, 0, -1), 'CTL_CODE', /Access/);
  });

  it('parses back into the parts it was built from', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xfff }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (deviceType, fn, method, access) => {
          assert.deepEqual(parseCtlCode(ctlCode(deviceType, fn, method, access)), { deviceType, function: fn, method, access });
        },
      ),
    );
  });
});

describe('IOCTL_CHANGER_* codes', () => {
  it('equal the literal values of reference §2', () => {
    assert.equal(IOCTL_CHANGER_GET_PARAMETERS, 0x00304000);
    assert.equal(IOCTL_CHANGER_GET_STATUS, 0x00304004);
    assert.equal(IOCTL_CHANGER_GET_PRODUCT_DATA, 0x00304008);
    assert.equal(IOCTL_CHANGER_SET_ACCESS, 0x0030c010);
    assert.equal(IOCTL_CHANGER_GET_ELEMENT_STATUS, 0x0030c014);
    assert.equal(IOCTL_CHANGER_INITIALIZE_ELEMENT_STATUS, 0x00304018);
    assert.equal(IOCTL_CHANGER_SET_POSITION, 0x0030401c);
    assert.equal(IOCTL_CHANGER_EXCHANGE_MEDIUM, 0x00304020);
    assert.equal(IOCTL_CHANGER_MOVE_MEDIUM, 0x00304024);
    assert.equal(IOCTL_CHANGER_REINITIALIZE_TRANSPORT, 0x00304028);
    assert.equal(IOCTL_CHANGER_QUERY_VOLUME_TAGS, 0x0030c02c);
  });

  it('are all buffered changer codes, function 3 unused', () => {
    assert.equal(CHANGER_IOCTLS.length, 11);
    for (const d of CHANGER_IOCTLS) {
      assert.equal(d.deviceType, FileDevice.CHANGER);
      assert.equal(d.method, Method.BUFFERED);
      assert.notEqual(d.function, 3);
      assert.deepEqual(parseCtlCode(d.code), { deviceType: d.deviceType, function: d.function, method: d.method, access: d.access });
    }
  });

  it('carry the class driver’s minimum lengths and the miniclass routine (§2, §5.3)', () => {
    const rows = CHANGER_IOCTLS.map((d) => [d.name, d.minInputLength, d.minOutputLength, d.routine]);
    assert.deepEqual(rows, [
      ['IOCTL_CHANGER_GET_PARAMETERS', 0, 60, 'ChangerGetParameters'],
      ['IOCTL_CHANGER_GET_STATUS', 0, 0, 'ChangerGetStatus'],
      ['IOCTL_CHANGER_GET_PRODUCT_DATA', 0, 61, 'ChangerGetProductData'],
      ['IOCTL_CHANGER_SET_ACCESS', 12, 0, 'ChangerSetAccess'],
      ['IOCTL_CHANGER_GET_ELEMENT_STATUS', 16, 100, 'ChangerGetElementStatus'],
      ['IOCTL_CHANGER_INITIALIZE_ELEMENT_STATUS', 16, 0, 'ChangerInitializeElementStatus'],
      ['IOCTL_CHANGER_SET_POSITION', 20, 0, 'ChangerSetPosition'],
      ['IOCTL_CHANGER_EXCHANGE_MEDIUM', 36, 0, 'ChangerExchangeMedium'],
      ['IOCTL_CHANGER_MOVE_MEDIUM', 28, 0, 'ChangerMoveMedium'],
      ['IOCTL_CHANGER_REINITIALIZE_TRANSPORT', 8, 0, 'ChangerReinitializeUnit'],
      ['IOCTL_CHANGER_QUERY_VOLUME_TAGS', 52, 104, 'ChangerQueryVolumeTags'],
    ]);
  });

  it('need read/write access for exactly the three codes §2 marks READ|WRITE', () => {
    const readWrite = CHANGER_IOCTLS.filter((d) => d.access === FileAccess.READ_WRITE).map((d) => d.name);
    assert.deepEqual(readWrite, ['IOCTL_CHANGER_SET_ACCESS', 'IOCTL_CHANGER_GET_ELEMENT_STATUS', 'IOCTL_CHANGER_QUERY_VOLUME_TAGS']);
  });
});

describe('IOCTL_STORAGE_* codes (drive side, §2.1)', () => {
  it('equal the literal values of reference §2.1', () => {
    assert.equal(IOCTL_STORAGE_GET_MEDIA_TYPES, 0x002d0c00);
    assert.equal(IOCTL_STORAGE_GET_MEDIA_TYPES_EX, 0x002d0c04);
    assert.equal(IOCTL_STORAGE_CHECK_VERIFY, 0x002d4800);
    assert.equal(IOCTL_STORAGE_CHECK_VERIFY2, 0x002d0800);
    assert.equal(IOCTL_STORAGE_MEDIA_REMOVAL, 0x002d4804);
    assert.equal(IOCTL_STORAGE_EJECT_MEDIA, 0x002d4808);
    assert.equal(IOCTL_STORAGE_LOAD_MEDIA, 0x002d480c);
    assert.equal(IOCTL_STORAGE_RESERVE, 0x002d4810);
    assert.equal(IOCTL_STORAGE_RELEASE, 0x002d4814);
    assert.equal(IOCTL_STORAGE_GET_DEVICE_NUMBER, 0x002d1080);
    assert.equal(STORAGE_IOCTLS.length, 10);
  });

  it('give GET_MEDIA_TYPES_EX no input and at least a 40-byte GET_MEDIA_TYPES output', () => {
    const d = ioctlByCode(0x002d0c04);
    assert.equal(d?.minInputLength, 0);
    assert.equal(d?.minOutputLength, 40);
  });
});

describe('ioctlName', () => {
  it('names changer and storage codes, and prints unknown ones in hex', () => {
    assert.equal(ioctlName(0x0030c014), 'IOCTL_CHANGER_GET_ELEMENT_STATUS');
    assert.equal(ioctlName(0x002d4808), 'IOCTL_STORAGE_EJECT_MEDIA');
    assert.equal(ioctlName(0x0030400c), '0x0030400C');
    assert.equal(ioctlByCode(0x0030400c), undefined);
  });

  it('has one definition per code', () => {
    const codes = [...CHANGER_IOCTLS, ...STORAGE_IOCTLS].map((d) => d.code);
    assert.equal(new Set(codes).size, codes.length);
  });
});
