import type { Translation } from '../catalogue';
import type { settings as en } from '../en/settings';

export const settings: Translation<typeof en> = {
  title: '设置',
  theme: '主题',
  themes: { auto: '跟随系统', light: '浅色', dark: '深色' },
  language: '语言',
  history: {
    label: '每个连接保留的消息数',
    description: '超出后丢弃最旧的消息（仅限此窗口）。',
  },
  reports: {
    label: '每个连接配置保留的连接报告数',
    description: '与连接配置一起保存；超出后丢弃最旧的报告。',
  },
  expiry: {
    label: '证书到期前多少天发出警告',
    description: '客户端或 Broker 证书离到期日不足此天数时，报告中会给出警告；设为 0 则关闭此警告。',
  },
  between: '须在 {{min}} 到 {{max}} 之间',
  storage: '存储',
  profilesAt: '连接配置：<0>{{location}}</0>（格式版本 {{format}}）',
  sealedWith: '机密信息（密码、口令）的保护方式：{{backend}}',
  notSecure: '（在此机器上不安全）',
  backends: {
    'safe-storage': '操作系统钥匙串',
    'key-file': '密钥文件（AES-256-GCM）',
    memory: '无：机密信息只保存在内存中',
  },
  hosts: { web: 'Web 主机', desktop: '桌面应用' },
  notSaved: '未保存',
  saved: '设置已保存',
};
