/**
 * src/scsi: pure SPC/SMC/SSC wire formats. Buffer in, typed object out, and back; nothing here does
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

export type { CdbInput } from './cdb/cdbCodec.ts';
export * from './cdb/pageControl.ts';
export * from './cdb/testUnitReady.ts';
export * from './cdb/rezeroUnit.ts';
export * from './cdb/requestSense.ts';
export * from './cdb/inquiry.ts';
export * from './cdb/modeSense6.ts';
export * from './cdb/modeSense10.ts';
export * from './cdb/modeSelect6.ts';
export * from './cdb/modeSelect10.ts';
export * from './cdb/reportLuns.ts';
export * from './cdb/reserve6.ts';
export * from './cdb/release6.ts';
export type { ReserveRelease10Cdb, ReserveRelease10Input } from './cdb/reserveRelease10.ts';
export * from './cdb/reserve10.ts';
export * from './cdb/release10.ts';
export * from './cdb/persistentReserveIn.ts';
export * from './cdb/persistentReserveOut.ts';
export * from './cdb/preventAllowMediumRemoval.ts';
export * from './cdb/readElementStatus.ts';
export * from './cdb/moveMedium.ts';
export * from './cdb/exchangeMedium.ts';
export * from './cdb/positionToElement.ts';
export * from './cdb/initializeElementStatus.ts';
export * from './cdb/initializeElementStatusWithRange.ts';
export * from './cdb/openCloseImportExportElement.ts';
export * from './cdb/sendVolumeTag.ts';
export * from './cdb/requestVolumeElementAddress.ts';
export * from './cdb/logSense.ts';
export * from './cdb/reportSupportedOperationCodes.ts';

export * from './ssc/rewind.ts';
export * from './ssc/readBlockLimits.ts';
export * from './ssc/read6.ts';
export * from './ssc/write6.ts';
export * from './ssc/writeFilemarks6.ts';
export * from './ssc/space6.ts';
export * from './ssc/loadUnload.ts';
export * from './ssc/readPosition.ts';
export * from './ssc/readBlockLimitsData.ts';
export * from './ssc/readPositionShortData.ts';
export * from './ssc/residue.ts';
export * from './ssc/reportDensitySupport.ts';
export * from './ssc/densitySupportData.ts';
export * from './ssc/readAttribute.ts';
export * from './ssc/writeAttribute.ts';
export * from './data/mamAttributes.ts';

export * from './inquiry/designator.ts';
export * from './elementStatus/volumeTag.ts';
export { MediumType, elementDescriptor, type ElementDescriptor } from './elementStatus/elementDescriptor.ts';
export type { ElementStatusPage, ReadPageOptions } from './elementStatus/elementStatusPage.ts';
export * from './elementStatus/elementStatusData.ts';
export * from './elementStatus/preparedElementStatus.ts';
export * from './elementStatus/volumeElementAddressData.ts';
export * from './elementStatus/sendVolumeTagParameters.ts';

export * from './mode/elementAddressAssignmentPage.ts';
export * from './mode/transportGeometryPage.ts';
export * from './mode/deviceCapabilitiesPage.ts';
export * from './mode/controlPage.ts';
export * from './mode/modePage.ts';
export * from './mode/blockDescriptor.ts';
export * from './mode/modeParameterList.ts';
export { asRawModePage } from './mode/sscModePageCodec.ts';
export * from './mode/modePageSpan.ts';
export * from './mode/dataCompressionPage.ts';
export * from './mode/deviceConfigurationPage.ts';
export * from './mode/deviceConfigurationExtensionPage.ts';
export * from './mode/mediumPartitionPage.ts';
export * from './mode/informationalExceptionsControlPage.ts';
export * from './mode/mediumConfigurationPage.ts';

export * from './inquiry/standardInquiryData.ts';
export * from './inquiry/vpdPages.ts';
export * from './data/lun.ts';
export * from './data/reportLunsData.ts';
export * from './data/readKeysData.ts';
export * from './data/readReservationData.ts';
export * from './data/reportCapabilitiesData.ts';
export * from './data/readFullStatusData.ts';
export * from './data/iscsiTransportId.ts';
export * from './data/persistentReserveOutParameters.ts';
export * from './data/logPage.ts';
export * from './data/tapeAlertLogPage.ts';
export * from './data/tapeLogPages.ts';
export * from './data/supportedOperationCodes.ts';
export * from './data/elementReservationList.ts';
