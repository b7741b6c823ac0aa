// Every catalogue, by language and namespace. A namespace is one feature's strings (one file per
// language); a new one is a file in en/ and zh-CN/ and a line in each table below.
import type { Translation } from './catalogue';
import { certificates as enCertificates } from './en/certificates';
import { common as enCommon } from './en/common';
import { lab as enLab } from './en/lab';
import { matrix as enMatrix } from './en/matrix';
import { rail as enRail } from './en/rail';
import { settings as enSettings } from './en/settings';
import { storeStatus as enStoreStatus } from './en/store-status';
import { transfer as enTransfer } from './en/transfer';
import { sidebar as enSidebar } from './en/sidebar';
import { report as enReport } from './en/report';
import { connection as enConnection } from './en/connection';
import { messages as enMessages } from './en/messages';
import { profileEditor as enProfileEditor } from './en/profile-editor';
import { ui as enUi } from './en/ui';
import { certificates as zhCertificates } from './zh-CN/certificates';
import { common as zhCommon } from './zh-CN/common';
import { lab as zhLab } from './zh-CN/lab';
import { matrix as zhMatrix } from './zh-CN/matrix';
import { rail as zhRail } from './zh-CN/rail';
import { settings as zhSettings } from './zh-CN/settings';
import { storeStatus as zhStoreStatus } from './zh-CN/store-status';
import { transfer as zhTransfer } from './zh-CN/transfer';
import { sidebar as zhSidebar } from './zh-CN/sidebar';
import { report as zhReport } from './zh-CN/report';
import { connection as zhConnection } from './zh-CN/connection';
import { messages as zhMessages } from './zh-CN/messages';
import { profileEditor as zhProfileEditor } from './zh-CN/profile-editor';
import { ui as zhUi } from './zh-CN/ui';

const en = {
  common: enCommon,
  ui: enUi,
  rail: enRail,
  settings: enSettings,
  storeStatus: enStoreStatus,
  lab: enLab,
  transfer: enTransfer,
  certificates: enCertificates,
  matrix: enMatrix,
  sidebar: enSidebar,
  report: enReport,
  connection: enConnection,
  messages: enMessages,
  profileEditor: enProfileEditor,
} as const;

/** Same namespaces and keys as English (the types say so); plural forms and variables are checked by the catalogue test. */
const zhCN: { [N in keyof typeof en]: Translation<(typeof en)[N]> } = {
  common: zhCommon,
  ui: zhUi,
  rail: zhRail,
  settings: zhSettings,
  storeStatus: zhStoreStatus,
  lab: zhLab,
  transfer: zhTransfer,
  certificates: zhCertificates,
  matrix: zhMatrix,
  sidebar: zhSidebar,
  report: zhReport,
  connection: zhConnection,
  messages: zhMessages,
  profileEditor: zhProfileEditor,
};

export const resources = { en, 'zh-CN': zhCN } as const;

export type Namespace = keyof typeof en;
export const NAMESPACES = Object.keys(en) as Namespace[];
