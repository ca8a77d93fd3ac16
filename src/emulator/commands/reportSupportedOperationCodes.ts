/**
 * REPORT SUPPORTED OPERATION CODES (MAINTENANCE IN / 0Ch): the command table of a logical unit
 * of this library model (the changer's, or a tape drive's), with nominal/recommended timeouts
 * from its profile when RCTD asks for them.
 */
import {
  CommandSupport,
  MaintenanceInServiceAction,
  Opcode,
  ReportingOptions,
  buildAllCommandsData,
  buildOneCommandData,
  parseReportSupportedOperationCodesCdb,
  type CommandTimeouts,
  type SupportedCommand,
} from '../../scsi/index.ts';
import { cdbUsage } from '../cdbUsage.ts';
import { CheckCondition, truncate, type CommandSpec, type UnitContext } from '../command.ts';
import type { Profile } from '../profile.ts';
import { invalidField } from '../senseForCondition.ts';

/** Recommended: twice the nominal time, at least a minute (hosts retry long moves, smc.md §9). */
function timeouts<C>(spec: CommandSpec<C>, profile: Profile): CommandTimeouts {
  const nominal = spec.nominalSeconds?.(profile) ?? 0;
  return { commandSpecific: 0, nominal, recommended: Math.max(60, 2 * nominal) };
}

function find<C>(commands: readonly CommandSpec<C>[], opcode: number, serviceAction: number | undefined): CommandSpec<C> | undefined {
  return commands.find((c) => c.opcode === opcode && c.serviceAction === serviceAction);
}

/** Built lazily by its unit: the list it serves is the unit's table minus what the profile lacks. */
export function reportSupportedOperationCodes<C extends UnitContext>(commands: () => readonly CommandSpec<C>[]): CommandSpec<C> {
  return {
    opcode: Opcode.MAINTENANCE_IN,
    serviceAction: MaintenanceInServiceAction.REPORT_SUPPORTED_OPERATION_CODES,
    name: 'REPORT SUPPORTED OPERATION CODES',
    cdbLength: 12,
    parse: parseReportSupportedOperationCodesCdb,
    access: 'always',
    allowedUnderReserve: true,
    run({ cdb, library }) {
      const c = parseReportSupportedOperationCodesCdb(cdb);
      const table = commands();
      const profile = library.profile;
      if (c.reportingOptions === ReportingOptions.ALL) {
        const list: SupportedCommand[] = table.map((spec) => ({
          opcode: spec.opcode,
          ...(spec.serviceAction === undefined ? {} : { serviceAction: spec.serviceAction }),
          cdbLength: spec.cdbLength,
          ...(c.returnTimeouts ? { timeouts: timeouts(spec, profile) } : {}),
        }));
        return truncate(buildAllCommandsData(list), c.allocationLength);
      }
      const withServiceAction = table.some((s) => s.opcode === c.requestedOperationCode && s.serviceAction !== undefined);
      if (c.reportingOptions === ReportingOptions.OPCODE && withServiceAction) throw new CheckCondition(invalidField(true, 3));
      if (c.reportingOptions === ReportingOptions.OPCODE_AND_SERVICE_ACTION && !withServiceAction && table.some((s) => s.opcode === c.requestedOperationCode)) {
        throw new CheckCondition(invalidField(true, 3));
      }
      const serviceAction = withServiceAction ? c.requestedServiceAction : undefined;
      const spec = find(table, c.requestedOperationCode, serviceAction);
      const data =
        spec === undefined
          ? buildOneCommandData({ support: CommandSupport.NOT_SUPPORTED, cdbUsage: Buffer.alloc(0) })
          : buildOneCommandData({ support: CommandSupport.SUPPORTED, cdbUsage: cdbUsage(spec, profile), ...(c.returnTimeouts ? { timeouts: timeouts(spec, profile) } : {}) });
      return truncate(data, c.allocationLength);
    },
  };
}
