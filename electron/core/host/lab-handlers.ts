/** The `lab:*` channels: each calls the lab service and returns; a host without a lab says so. */
import { err, ok } from '../../../shared/result';
import type { LabService } from '../lab/lab-service';
import type { Handlers } from './api';

type LabChannel = Extract<keyof Handlers, `lab:${string}`>;

/** The handlers of the lab's channels. */
export function labHandlers(lab: LabService | undefined): Pick<Handlers, LabChannel> {
  if (!lab) {
    const none = async () => err({ code: 'unsupported' as const, message: 'This host runs no lab broker.' });
    return {
      'lab:status': none,
      'lab:start': none,
      'lab:stop': none,
      'lab:configure': none,
      'lab:regenerate': none,
      'lab:setEntry': none,
      'lab:removeEntry': none,
      'lab:revealPassword': none,
      'lab:testQuery': none,
      'lab:history': none,
      'lab:createProfiles': none,
      'lab:attempt': none,
    };
  }
  return {
    'lab:status': async () => ok(await lab.load()),
    'lab:start': ({ profiles }) => lab.start({ profiles: profiles === true }),
    'lab:stop': async () => ok(await lab.stop()),
    'lab:configure': (settings) => lab.configure(settings),
    'lab:regenerate': () => lab.regenerate(),
    'lab:setEntry': (entry) => lab.editTable({ kind: 'set', ...entry }),
    'lab:removeEntry': (entry) => lab.editTable({ kind: 'remove', ...entry }),
    'lab:revealPassword': async ({ name }) => lab.revealPassword(name),
    'lab:testQuery': (request) => lab.testQuery(request),
    'lab:history': async ({ limit }) => ok(lab.history(limit)),
    'lab:createProfiles': () => lab.createProfiles(),
    'lab:attempt': async ({ profileId, reportId }) => lab.attemptEvents(profileId, reportId),
  };
}
