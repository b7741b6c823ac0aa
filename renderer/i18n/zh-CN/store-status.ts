import type { Translation } from '../catalogue';
import type { storeStatus as en } from '../en/store-status';

export const storeStatus: Translation<typeof en> = {
  profiles_other: '{{count}} 个连接配置',
  groups_other: '{{count}} 个分组',
  otherEntries_other: '{{count}} 个其他条目',
  readOnly: { title: '无法保存修改' },
  recovered: {
    title: '连接配置存储已损坏，现已恢复',
    dismiss: '关闭恢复通知',
    couldNotUse: 'Keyhole 无法按原样使用 <0>{{location}}</0>。',
    copiedTo: '未经改动的原文件已复制到 <0>{{path}}</0>',
    copied: '已复制 ✓',
    copyPath: '复制路径',
    notCopied: '无法另存损坏的文件，因此在此问题解决前不会保存任何内容。',
    nothingKept: '其中没有可以接管的内容，因此 Keyhole 以空存储启动（{{when}}）。',
    copyUnchanged: '副本中的内容没有被修改或删除。',
    kept: '已接管：{{profiles}}和{{groups}}（{{when}}）。',
    keptDropped: '已接管：{{profiles}}和{{groups}}；留在副本中的：{{dropped}}（{{when}}）。',
  },
  locked: {
    title_other: '{{count}} 项已保存的机密信息无法解密',
    affected: '受影响的连接配置：{{profiles}}。',
    noProfile: '无已列出的连接配置',
    until_other: '在重新输入这些机密信息，或恢复加密它们所用的密钥之前，使用这些配置连接都会失败。',
    discardMore: '丢弃它们…',
  },
  insecure: {
    titleAbout: '关于机密信息的存储方式',
    title: '此机器上的机密信息未被安全存储',
    dismiss: '关闭关于机密信息存储的警告',
    obfuscated: '私钥、口令和密码在磁盘上只做了混淆处理：任何能读取你文件的人都能读到它们。',
  },
  discard: {
    title: '丢弃无法解密的机密信息？',
    body_other:
      '{{profiles}} 中已保存的 {{count}} 项机密信息将被永久删除。这些连接配置会保留其设置和证书；你需要在配置编辑器中重新输入它们的私钥、口令和密码。',
    restoreInstead: '如果你能恢复加密它们所用的密钥（例如从备份中找回数据目录下的 secret.key），请改为恢复该密钥并重启 Keyhole。',
    failed: '未丢弃任何内容',
    keep: '保留',
    confirm_other: '丢弃 {{count}} 项',
    done_other: '已丢弃 {{count}} 项机密信息；请在配置编辑器中重新输入。',
  },
};
