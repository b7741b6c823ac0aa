import type { Translation } from '../catalogue';
import type { common as en } from '../en/common';

export const common: Translation<typeof en> = {
  save: '保存',
  cancel: '取消',
  close: '关闭',
  delete: '删除',
  remove: '移除',
  back: '上一步',
  next: '下一步',
  copy: '复制',
  copied: '已复制',
  download: '下载',
  dismiss: '关闭',
  retry: '重试',
  yes: '是',
  no: '否',
  unknown: '未知',
  none: '无',
  quoted: '“{{name}}”',
  listSeparator: '、',
};
