/** Table 四 as a browser copy gives it: its labels are the same in both formats, so only a year can pick the format. */
export const table4Lines = [
  '四、政府信息公开行政复议、行政诉讼情况',
  '行政复议\t行政诉讼',
  '结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉',
  '结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计',
  '0\t1\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0',
];
