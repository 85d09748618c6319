/** Wall-clock ms with sub-ms precision, comparable between Kefu's processes on one machine (answer timings). */
export const clock = () => performance.timeOrigin + performance.now();
