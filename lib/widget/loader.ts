console.log("kefu widget");
