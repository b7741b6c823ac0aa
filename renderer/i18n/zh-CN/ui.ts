import type { Translation } from '../catalogue';
import type { ui as en } from '../en/ui';

export const ui: Translation<typeof en> = {
  hostLost: {
    title: '与 Keyhole 主机的连接已断开',
    body: '页面与主机进程失去了连接。请在主机重新运行后刷新页面。',
  },
  discard: {
    title: '放弃未保存的修改？',
    body: '此连接有尚未保存的修改。确定离开并丢弃这些修改吗？',
    keep: '继续编辑',
    confirm: '放弃修改',
  },
  panel: {
    hide: '隐藏{{label}}',
    show: '显示{{label}}',
    hideTip: '隐藏{{label}}（{{keys}}）',
    showTip: '显示{{label}}（{{keys}}）',
    resize: '调整{{label}}宽度',
    subscriptions: '订阅',
  },
  theme: {
    auto: '跟随系统（{{computed}}）',
    light: '浅色',
    dark: '深色',
    tooltip: '主题：{{now}}；点击切换为{{next}}',
    ariaLabel: '颜色主题，当前为{{now}}；切换为{{next}}',
  },
  cert: {
    tableLabel: '证书 {{name}}',
    subject: '主题（Subject）',
    subjectAltNames: '主题备用名称（SAN）',
    issuer: '颁发者',
    validity: '有效期',
    serialNumber: '序列号',
    keyType: '密钥类型',
    flags: '标记',
    selfSigned: '自签名',
    endEntity: '终端实体',
    extKeyUsage: '扩展密钥用法',
    fingerprint: 'SHA-256 指纹',
    source: '来源',
  },
  findings: {
    notes: '提示',
    levels: { error: '错误', warning: '警告', note: '提示' },
  },
  validity: {
    expired: '已过期',
    notYetValid: '尚未生效',
    valid: '有效',
  },
  status: {
    idle: '未连接',
    connecting: '正在连接（{{phase}}）',
    openWarnings: '已连接，有警告',
    open: '已连接',
    rejected: '被拒绝：{{cause}}',
    failed: '失败：{{cause}}',
    disconnected: '已断开',
    lost: '连接丢失',
  },
};
