// module spc
