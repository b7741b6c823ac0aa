import type { Translation } from '../catalogue';
import type { rail as en } from '../en/rail';

export const rail: Translation<typeof en> = {
  nav: '功能区',
  shortcut: '{{label}}（Alt+{{n}}）',
  sections: {
    connections: '连接',
    certificates: '证书',
    lab: '实验室',
    matrix: '矩阵',
  },
  empty: {
    title: '这个身份能连上吗？',
    firstLaunch: '使用 CA、客户端证书及其私钥创建一个连接。连接时会显示握手进行到哪一步，以及在哪里、因为什么被拦下。',
    pick: '在左侧选择一个连接，或使用 CA、客户端证书及其私钥新建一个。连接时会显示握手进行到哪一步，以及在哪里、因为什么被拦下。',
  },
};
