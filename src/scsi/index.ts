/**
 * src/scsi: pure SPC/SMC wire formats. Buffer in, typed object out, and back; nothing here does
 * I/O or keeps state.
 */
export * from './device.ts';
export * from './scsiFormatError.ts';
export * from './bufferReader.ts';
export * from './bufferWriter.ts';
export * from './opcodes.ts';
export * from './status.ts';
export * from './elementTypeCode.ts';

export * from './sense/senseKey.ts';
export * from './sense/ascText.ts';
export * from './sense/senseConditions.ts';
export * from './sense/senseKeySpecific.ts';
export * from './sense/fixedSense.ts';
export * from './sense/descriptorSense.ts';
export * from './sense/senseData.ts';
export * from './sense/formatErrorSense.ts';
